/**
 * Tanh-sinh (double exponential) quadrature on a finite interval. It copes
 * with integrable endpoint singularities, which is what the Euler integral of
 * 2F1 and the discounting integrals have; used as an independent check of the
 * closed forms. The integrand also receives the distances to both endpoints,
 * computed without cancellation, for factors like (1 - t)^-0.9.
 */
export type Integrand = (t: number, fromLo: number, fromHi: number) => number;

export function integrate(f: Integrand, lo: number, hi: number, levels = 8): number {
  const half = (hi - lo) / 2;
  const uMax = 4.5;
  const evalAt = (u: number): number => {
    const s = (Math.PI / 2) * Math.sinh(u);
    const cosh = Math.cosh(s);
    const w = ((Math.PI / 2) * Math.cosh(u)) / (cosh * cosh);
    if (!(w > 0)) return 0;
    // 1 - tanh(s) and 1 + tanh(s) without cancellation
    const oneMinus = 2 / (Math.exp(2 * s) + 1);
    const onePlus = 2 / (Math.exp(-2 * s) + 1);
    const fromLo = half * onePlus;
    const fromHi = half * oneMinus;
    if (fromLo <= 0 || fromHi <= 0) return 0;
    const t = s >= 0 ? hi - fromHi : lo + fromLo;
    const v = f(t, fromLo, fromHi);
    return Number.isFinite(v) ? v * w : 0;
  };
  let h = 1;
  let sum = evalAt(0);
  for (let u = h; u <= uMax; u += h) sum += evalAt(u) + evalAt(-u);
  for (let level = 1; level <= levels; level++) {
    h /= 2;
    for (let u = h; u <= uMax; u += 2 * h) sum += evalAt(u) + evalAt(-u);
  }
  return sum * h * half;
}
