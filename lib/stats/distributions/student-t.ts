/** Student's t distribution with ν > 0 degrees of freedom (ν = Infinity is the normal). */
import { logGamma } from "../../analytics/btyd/math/log-gamma.ts";
import { normalCdf, normalQuantile } from "./normal.ts";
import { regularizedBeta } from "./regularized-beta.ts";

/** P(|T| > |t|), the two-sided tail, computed directly (no 1 - CDF cancellation). */
export function studentTTwoSidedTail(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (df === Infinity) return 2 * normalCdf(-Math.abs(t));
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  // x = ν / (ν + t²) and 1 - x = t² / (ν + t²), each formed without subtraction.
  return regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

export function studentTCdf(t: number, df: number): number {
  const tail = studentTTwoSidedTail(t, df) / 2;
  return t < 0 ? tail : 1 - tail;
}

export function studentTPdf(t: number, df: number): number {
  if (df === Infinity) return Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The p-quantile. Newton's method on the upper tail, from the normal quantile
 * (never above the t quantile; the CDF is concave there, so the iterates rise
 * monotonically to the root). It stops at the tolerance or where the steps
 * stop shrinking: at large ν the tail carries ~1e-10 relative rounding from
 * log-gamma differences, and chasing 1e-14 below that noise would only spin.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return Number.NaN;
  if (df === Infinity) return normalQuantile(p);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 1) return Infinity;
  const upperTail = 1 - p;
  let t = normalQuantile(p);
  let previousStep = Infinity;
  for (let i = 0; i < 1000; i++) {
    // tail(t) decreases in t: a tail above the target means t is still below the root
    const step = (studentTTwoSidedTail(t, df) / 2 - upperTail) / studentTPdf(t, df);
    const next = t + step;
    if (!Number.isFinite(next)) break;
    if (Math.abs(step) <= 1e-14 * Math.max(1, Math.abs(t))) return next;
    // Far from the root the steps may grow (the density falls); only near it is growth noise.
    if (Math.abs(step) >= Math.abs(previousStep) && Math.abs(step) < 1e-8 * Math.abs(t)) return t;
    previousStep = step;
    t = next;
  }
  return t;
}
