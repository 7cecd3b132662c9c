/**
 * Always-valid (sequential) confidence interval for the difference of means:
 * the two-sided normal-mixture confidence sequence (Robbins' mixture, as in
 * Johari, Pekelis & Walsh 2017, "Peeking at A/B tests", and in the
 * asymptotic form of Waudby-Smith, Arnold, Wu, Howard & Ramdas, "Time-uniform
 * central limit theory and asymptotic confidence sequences", Annals of
 * Statistics 2024). With V the variance of the estimated difference at this
 * look and τ² the mixing variance,
 *   estimate ± √( V (V + τ²) / τ² · ln((V + τ²) / (V α²)) ),
 * and the chance that any look, however many, excludes the true difference is
 * at most α (asymptotically: V uses the sample variances). See docs/stats.md.
 */
import type { ArmMoments } from "./arm-sums.ts";
import type { Interval } from "./interval.ts";

export interface SequentialOptions {
  confidence: number;
  /** τ², fixed before the first look (mixingVarianceFor), in squared metric units. */
  mixingVariance: number;
}

function checkConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  return 1 - confidence;
}

/** Half-width at variance V. */
export function sequentialHalfWidth(variance: number, mixingVariance: number, alpha: number): number {
  if (variance === 0) return 0;
  const total = variance + mixingVariance;
  return Math.sqrt(((variance * total) / mixingVariance) * Math.log(total / (variance * alpha * alpha)));
}

export function sequentialDifference(control: ArmMoments, treatment: ArmMoments, options: SequentialOptions): Interval {
  const alpha = checkConfidence(options.confidence);
  if (!(options.mixingVariance > 0)) throw new RangeError("the mixing variance must be positive");
  if (control.n < 2 || treatment.n < 2) throw new RangeError("each arm needs at least 2 customers");
  const estimate = treatment.mean - control.mean;
  const variance = control.variance / control.n + treatment.variance / treatment.n;
  const half = sequentialHalfWidth(variance, options.mixingVariance, alpha);
  return { estimate, low: estimate - half, high: estimate + half };
}

/**
 * τ² that makes the interval narrowest when the variance of the difference
 * reaches `plannedVariance` (σ²(1/n_c + 1/n_t) for the planned audience and
 * the historical σ). The width in units of √V depends only on r = τ²/V, so the
 * best r is found once per α by golden-section search and scaled.
 */
export function mixingVarianceFor(plannedVariance: number, confidence: number): number {
  const alpha = checkConfidence(confidence);
  if (!(plannedVariance > 0)) throw new RangeError("the planned variance must be positive");
  const widthSquared = (logR: number) => {
    const r = Math.exp(logR);
    return ((1 + r) / r) * Math.log((1 + r) / (alpha * alpha));
  };
  let lo = Math.log(1e-4);
  let hi = Math.log(1e4);
  const golden = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 200 && hi - lo > 1e-10; i++) {
    const a = hi - golden * (hi - lo);
    const b = lo + golden * (hi - lo);
    if (widthSquared(a) < widthSquared(b)) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2) * plannedVariance;
}
