/**
 * Relative lift, treatment mean / control mean − 1, with a delta-method
 * (first-order Taylor) interval. The arms are independent, so
 *   Var(m_t / m_c) ≈ Var(m_t) / m_c² + m_t² Var(m_c) / m_c⁴,
 * with Var(m) = s² / n. The interval is normal: the ratio is only
 * asymptotically normal, and a t correction would suggest a precision the
 * linearisation does not have.
 */
import type { ArmMoments } from "./arm-sums.ts";
import { normalQuantile } from "./distributions/normal.ts";
import { upperQuantileLevel, type Interval } from "./interval.ts";

export interface RelativeLift extends Interval {
  standardError: number;
}

/** Null when the control mean is not positive: a lift relative to nothing has no meaning. */
export function relativeLift(control: ArmMoments, treatment: ArmMoments, confidence: number): RelativeLift | null {
  if (!(control.mean > 0)) return null;
  const mc = control.mean;
  const mt = treatment.mean;
  const varMeanC = control.variance / control.n;
  const varMeanT = treatment.variance / treatment.n;
  const standardError = Math.sqrt(varMeanT / (mc * mc) + (mt * mt * varMeanC) / (mc * mc * mc * mc));
  const estimate = mt / mc - 1;
  const half = normalQuantile(upperQuantileLevel(confidence)) * standardError;
  return { estimate, low: estimate - half, high: estimate + half, standardError };
}
