/** Trigamma ψ1(x) = d²/dx² ln Γ(x) for x > 0, for analytic Hessians of the likelihoods. */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN;
  // ψ1(x) = ψ1(x + 1) + 1/x², then the asymptotic series where its terms are tiny
  let result = 0;
  let v = x;
  while (v < 10) {
    result += 1 / (v * v);
    v += 1;
  }
  const inv = 1 / v;
  const inv2 = inv * inv;
  // 1/v + 1/(2v²) + Σ B_2k / v^(2k+1): B2 = 1/6, B4 = -1/30, B6 = 1/42, B8 = -1/30, B10 = 5/66, B12 = -691/2730, B14 = 7/6
  const series =
    inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 * (1 / 30 - inv2 * (5 / 66 - inv2 * (691 / 2730 - inv2 * (7 / 6)))))));
  return result + inv + 0.5 * inv2 + inv * series;
}
