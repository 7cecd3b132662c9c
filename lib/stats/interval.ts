/** An estimate with its confidence interval, in the metric's own units. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Confidence level (e.g. 0.95) to the two-sided quantile's probability (0.975). */
export function upperQuantileLevel(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  return 1 - (1 - confidence) / 2;
}
