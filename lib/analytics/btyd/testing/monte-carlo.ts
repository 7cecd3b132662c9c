/** Assertions helpers for comparing model predictions with simulated outcomes (tests only). */

/**
 * z-score of Σ (observed - predicted) over a group, with the variance estimated
 * from the residuals themselves: E[observed | history] = predicted is the claim.
 */
export function residualZ(observed: ArrayLike<number>, predicted: ArrayLike<number>, include: (i: number) => boolean): number {
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let i = 0; i < observed.length; i++) {
    if (!include(i)) continue;
    const d = observed[i]! - predicted[i]!;
    sum += d;
    sumSq += d * d;
    count++;
  }
  if (count === 0) throw new Error("empty group");
  // every residual exactly zero (e.g. everyone certainly alive): perfect agreement
  return sumSq === 0 ? 0 : sum / Math.sqrt(sumSq);
}

export function mean(values: ArrayLike<number>, include: (i: number) => boolean = () => true): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (include(i)) {
      s += values[i]!;
      n++;
    }
  }
  return s / n;
}
