/**
 * Sufficient statistics of one experiment arm: every estimator in lib/stats
 * works from these, so results can come from per-arm aggregates kept in
 * Postgres (sum(y), sum(y*y), ...) as well as from a file or an array.
 * y is the metric in the window; x the same customer's pre-period covariate.
 *
 * Precision: the variance is (Σy² − (Σy)²/n) / (n − 1). That subtraction loses
 * about log10(mean² / variance) digits of the 16 a double holds, which for
 * revenue (coefficient of variation well above 1e-3) leaves at least ten. What
 * does lose digits is adding a million values into one double naively, so
 * the accumulator here sums with Neumaier's compensation (and numeric sums in
 * Postgres are exact). The arm-sums test checks 1M values of mean 1e4.
 */
export type ArmSums = { n: number; sumY: number; sumY2: number; sumX?: number; sumX2?: number; sumXY?: number };

/** An arm as the interval formulas need it. `variance` is the sample variance (n − 1). */
export interface ArmMoments {
  n: number;
  mean: number;
  variance: number;
}

/** Sample (n − 1) covariance of u and v from their sums; clamps a variance's rounding below zero. */
export function sampleCovariance(n: number, sumU: number, sumV: number, sumUV: number): number {
  if (n < 2) return Number.NaN;
  return (sumUV - (sumU * sumV) / n) / (n - 1);
}

export function armMoments(sums: ArmSums): ArmMoments {
  const variance = sampleCovariance(sums.n, sums.sumY, sums.sumY, sums.sumY2);
  return { n: sums.n, mean: sums.sumY / sums.n, variance: Math.max(0, variance) };
}

export function hasCovariate(sums: ArmSums): sums is Required<ArmSums> {
  return sums.sumX !== undefined && sums.sumX2 !== undefined && sums.sumXY !== undefined;
}

/** One compensated running sum (Neumaier's variant of Kahan summation). */
class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - t + value;
    else this.compensation += value - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

/** Builds ArmSums one customer at a time (the CLI's stream, the simulations). */
export class ArmSumsAccumulator {
  private count = 0;
  private readonly y = new CompensatedSum();
  private readonly y2 = new CompensatedSum();
  private readonly x = new CompensatedSum();
  private readonly x2 = new CompensatedSum();
  private readonly xy = new CompensatedSum();
  private withCovariate: boolean;

  constructor(options: { covariate: boolean }) {
    this.withCovariate = options.covariate;
  }

  add(y: number, x?: number): void {
    this.count++;
    this.y.add(y);
    this.y2.add(y * y);
    if (this.withCovariate) {
      if (x === undefined) throw new Error("ArmSumsAccumulator: a covariate value is required");
      this.x.add(x);
      this.x2.add(x * x);
      this.xy.add(x * y);
    }
  }

  get n(): number {
    return this.count;
  }

  sums(): ArmSums {
    const base = { n: this.count, sumY: this.y.value, sumY2: this.y2.value };
    if (!this.withCovariate) return base;
    return { ...base, sumX: this.x.value, sumX2: this.x2.value, sumXY: this.xy.value };
  }
}

export function armSumsFromArrays(y: ArrayLike<number>, x?: ArrayLike<number>): ArmSums {
  if (x !== undefined && x.length !== y.length) throw new Error("armSumsFromArrays: y and x differ in length");
  const acc = new ArmSumsAccumulator({ covariate: x !== undefined });
  for (let i = 0; i < y.length; i++) acc.add(y[i]!, x?.[i]);
  return acc.sums();
}
