/** Digamma ψ(x) = d/dx ln Γ(x), for the analytic gradients of the likelihoods. */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    // reflection: ψ(1 - x) - ψ(x) = π cot(π x)
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let result = 0;
  let v = x;
  while (v < 10) {
    result -= 1 / v;
    v += 1;
  }
  const inv = 1 / v;
  const inv2 = inv * inv;
  result +=
    Math.log(v) -
    0.5 * inv -
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return result;
}
