/**
 * Difference of two means (treatment − control) with Welch's interval: the
 * standard error allows unequal variances, and the t quantile uses the
 * Welch–Satterthwaite degrees of freedom. Two-sided p-value against no difference.
 */
import type { ArmMoments } from "./arm-sums.ts";
import { studentTQuantile, studentTTwoSidedTail } from "./distributions/student-t.ts";
import { upperQuantileLevel, type Interval } from "./interval.ts";

export interface WelchResult extends Interval {
  pValue: number;
  standardError: number;
  degreesOfFreedom: number;
}

export function welchDegreesOfFreedom(control: ArmMoments, treatment: ArmMoments): number {
  const vc = control.variance / control.n;
  const vt = treatment.variance / treatment.n;
  return (vc + vt) ** 2 / ((vc * vc) / (control.n - 1) + (vt * vt) / (treatment.n - 1));
}

export function welchDifference(control: ArmMoments, treatment: ArmMoments, confidence: number): WelchResult {
  if (control.n < 2 || treatment.n < 2) throw new RangeError("each arm needs at least 2 customers");
  const estimate = treatment.mean - control.mean;
  const standardError = Math.sqrt(control.variance / control.n + treatment.variance / treatment.n);
  if (standardError === 0) {
    // Both arms constant: the difference is known exactly.
    return { estimate, low: estimate, high: estimate, pValue: estimate === 0 ? 1 : 0, standardError, degreesOfFreedom: Number.NaN };
  }
  const degreesOfFreedom = welchDegreesOfFreedom(control, treatment);
  const half = studentTQuantile(upperQuantileLevel(confidence), degreesOfFreedom) * standardError;
  return {
    estimate,
    low: estimate - half,
    high: estimate + half,
    pValue: studentTTwoSidedTail(estimate / standardError, degreesOfFreedom),
    standardError,
    degreesOfFreedom,
  };
}
