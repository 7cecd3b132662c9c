/**
 * Per-customer intervals from parameter uncertainty: parameters drawn from the
 * fitted multivariate normal on the log scale (the scale the optimiser and the
 * delta method used), each draw scored, quantiles taken per customer.
 * Deterministic for a seed. Memory is draws × rows: meant for a customer's
 * detail page or a segment, not for a million rows at once.
 */
import { cholesky } from "./optim/linear-algebra.ts";
import { Random } from "./random.ts";
import type { FitResult, FrequencyRecencyData, ParamMap, TransactionModel } from "./types.ts";

/** Parameter sets drawn from N(log p̂, Σ_θ), Σ_θ[i][j] = Cov(p)[i][j] / (p_i p_j). */
export function drawParameters<P extends ParamMap>(fit: FitResult<P>, draws: number, seed: number): P[] {
  const names = fit.paramNames;
  const k = names.length;
  const centre = names.map((n) => fit.params[n]!);
  const logCov = names.map((_, i) => names.map((_, j) => fit.covariance[i]![j]! / (centre[i]! * centre[j]!)));
  if (logCov.some((row) => row.some((v) => !Number.isFinite(v)))) {
    throw new Error(`${fit.model}: the fit has no finite covariance (singular Hessian); intervals are undefined`);
  }
  const L = cholesky(logCov);
  if (!L) throw new Error(`${fit.model}: the covariance is not positive definite; intervals are undefined`);
  const rng = new Random(seed);
  const out: P[] = [];
  for (let d = 0; d < draws; d++) {
    const zs = Array.from({ length: k }, () => rng.normal());
    const params: Record<string, number> = {};
    names.forEach((name, i) => {
      let v = Math.log(centre[i]!);
      for (let j = 0; j <= i; j++) v += L[i]![j]! * zs[j]!;
      params[name] = Math.exp(v);
    });
    out.push(params as P);
  }
  return out;
}

export interface Interval {
  lower: Float64Array;
  median: Float64Array;
  upper: Float64Array;
}

export interface CustomerIntervals {
  pAlive: Interval;
  expectedPurchases: Interval;
  /** Present when an expected spend per purchase was given. */
  clv?: Interval;
}

export interface IntervalOptions {
  /** Horizon for expected purchases, in the model's time unit. */
  horizon: number;
  /** Central coverage, e.g. 0.9. */
  level?: number;
  draws?: number;
  seed?: number;
  /** Expected spend per purchase per row (or one value), to turn purchases into CLV (undiscounted over the horizon). */
  expectedSpend?: Float64Array | number;
}

function quantiles(samples: Float64Array[], rows: number, level: number): Interval {
  const lower = new Float64Array(rows);
  const median = new Float64Array(rows);
  const upper = new Float64Array(rows);
  const column = new Float64Array(samples.length);
  const at = (q: number) => {
    // linear interpolation between order statistics
    const pos = q * (column.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(column.length - 1, lo + 1);
    return column[lo]! + (pos - lo) * (column[hi]! - column[lo]!);
  };
  for (let i = 0; i < rows; i++) {
    for (let d = 0; d < samples.length; d++) column[d] = samples[d]![i]!;
    column.sort();
    lower[i] = at((1 - level) / 2);
    median[i] = at(0.5);
    upper[i] = at((1 + level) / 2);
  }
  return { lower, median, upper };
}

export function customerIntervals<P extends ParamMap>(
  model: TransactionModel<P>,
  fit: FitResult<P>,
  data: FrequencyRecencyData,
  options: IntervalOptions,
): CustomerIntervals {
  const level = options.level ?? 0.9;
  if (!(level > 0 && level < 1)) throw new Error(`intervals: level must be in (0, 1) (got ${level})`);
  const rows = data.x.length;
  const draws = drawParameters(fit, options.draws ?? 200, options.seed ?? 1);
  const alive: Float64Array[] = [];
  const purchases: Float64Array[] = [];
  for (const params of draws) {
    const s = model.score(params, data, options.horizon);
    alive.push(s.pAlive);
    purchases.push(s.expectedPurchases);
  }
  const result: CustomerIntervals = {
    pAlive: quantiles(alive, rows, level),
    expectedPurchases: quantiles(purchases, rows, level),
  };
  const spend = options.expectedSpend;
  if (spend !== undefined) {
    const values = purchases.map((p) => Float64Array.from(p, (v, i) => v * (typeof spend === "number" ? spend : spend[i]!)));
    result.clv = quantiles(values, rows, level);
  }
  return result;
}
