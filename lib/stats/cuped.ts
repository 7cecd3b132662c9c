/**
 * CUPED (Deng, Xu, Kohavi & Walker, 2013): the metric adjusted by each
 * customer's pre-period value, y − θ (x − x̄), where θ is the regression
 * slope of y on x and x̄ the mean of x over both arms. x was fixed before
 * assignment, so E[x] is the same in both arms and the adjustment changes no
 * expectation; it only removes the part of y's variance that x predicts.
 *
 * θ is pooled over both arms with each arm centred on its own means (the
 * within-arm covariance over the within-arm variance of x), so a treatment
 * effect on y's level does not leak into the slope.
 */
import { hasCovariate, sampleCovariance, type ArmMoments, type ArmSums } from "./arm-sums.ts";
import { welchDifference, type WelchResult } from "./welch.ts";

export interface CupedResult extends WelchResult {
  theta: number;
  /** 1 − (adjusted interval width / plain width): 0.38 means "38% narrower". */
  narrowing: number;
}

function requireCovariate(sums: ArmSums): Required<ArmSums> {
  if (!hasCovariate(sums)) throw new Error("CUPED needs the covariate sums (sumX, sumX2, sumXY) of every arm");
  return sums;
}

/** Centred cross-products within one arm: Σ(x − x̄)(y − ȳ) and Σ(x − x̄)². */
function centred(s: Required<ArmSums>): { xy: number; xx: number } {
  return { xy: s.sumXY - (s.sumX * s.sumY) / s.n, xx: s.sumX2 - (s.sumX * s.sumX) / s.n };
}

export function cupedTheta(arms: readonly ArmSums[]): number {
  let xy = 0;
  let xx = 0;
  for (const arm of arms) {
    const c = centred(requireCovariate(arm));
    xy += c.xy;
    xx += c.xx;
  }
  // A covariate that never varies predicts nothing: no adjustment.
  return xx > 0 ? xy / xx : 0;
}

/** The arm's moments of y − θ (x − pooledMeanX). */
export function cupedAdjustedMoments(sums: ArmSums, theta: number, pooledMeanX: number): ArmMoments {
  const s = requireCovariate(sums);
  const varY = sampleCovariance(s.n, s.sumY, s.sumY, s.sumY2);
  const varX = sampleCovariance(s.n, s.sumX, s.sumX, s.sumX2);
  const covXY = sampleCovariance(s.n, s.sumX, s.sumY, s.sumXY);
  const variance = Math.max(0, varY + theta * theta * varX - 2 * theta * covXY);
  return { n: s.n, mean: s.sumY / s.n - theta * (s.sumX / s.n - pooledMeanX), variance };
}

/** Welch's interval on the CUPED-adjusted metric, beside the plain one for the narrowing. */
export function cupedDifference(control: ArmSums, treatment: ArmSums, plain: WelchResult, confidence: number): CupedResult {
  const theta = cupedTheta([control, treatment]);
  const c = requireCovariate(control);
  const t = requireCovariate(treatment);
  const pooledMeanX = (c.sumX + t.sumX) / (c.n + t.n);
  const adjusted = welchDifference(
    cupedAdjustedMoments(control, theta, pooledMeanX),
    cupedAdjustedMoments(treatment, theta, pooledMeanX),
    confidence,
  );
  const plainWidth = plain.high - plain.low;
  const narrowing = plainWidth > 0 ? 1 - (adjusted.high - adjusted.low) / plainWidth : 0;
  return { ...adjusted, theta, narrowing };
}
