/**
 * The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x),
 * for the chi-square and normal distributions. The lower series is used where
 * it converges fast (x < a + 1); above, Q comes from the continued fraction of
 * the BTYD maths' upper incomplete gamma, so the small tail keeps its digits.
 */
import { logGamma } from "../../analytics/btyd/math/log-gamma.ts";
import { logUpperGamma } from "../../analytics/btyd/math/upper-incomplete-gamma.ts";

function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let k = 1; k < 10_000; k++) {
    term *= x / (a + k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.exp(a * Math.log(x) - x - logGamma(a)) * sum;
}

/** P(a, x) = γ(a, x) / Γ(a), a > 0, x >= 0. */
export function regularizedLowerGamma(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return lowerSeries(a, x);
  return 1 - regularizedUpperGamma(a, x);
}

/** Q(a, x) = Γ(a, x) / Γ(a), a > 0, x >= 0. */
export function regularizedUpperGamma(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - lowerSeries(a, x);
  return Math.exp(logUpperGamma(a, x) - logGamma(a));
}
