/**
 * Customer lifetime value from a transaction model and a spend model.
 *
 * Horizon CLV: Σ_{k=1..K} (E[purchases in period k] × expected spend) / (1+d)^k,
 * with E[purchases in period k] = E[Y(kL)] - E[Y((k-1)L)] from the model's
 * conditional expectation (L = period length in the model's time unit, d the
 * per-period discount rate).
 * Closed-form DERT (infinite horizon, discounted) where the model has one:
 * Pareto/NBD (Fader, Hardie & Lee 2005, "RFM and CLV") and BG/BB (FHS 2010).
 * Quantities that do not exist throw an Error naming the condition.
 */
import { bgNbdPAlive, type BgNbdParams } from "./bg-nbd.ts";
import { logUpperGamma } from "./math/upper-incomplete-gamma.ts";
import { paretoNbdPAlive, type ParetoNbdParams } from "./pareto-nbd.ts";
import type { FrequencyRecencyData, ParamMap, TransactionModel } from "./types.ts";

export interface HorizonOptions {
  /** Number of periods to sum over (e.g. 12 months). */
  periods: number;
  /** Length of one period in the model's time unit (e.g. 30.4375 for months on daily data, 4.348 on weekly). */
  periodLength: number;
  /** Discount rate per period (e.g. 0.01 a month); 0 for none. */
  discountRate: number;
}

function checkHorizon(o: HorizonOptions): void {
  if (!(Number.isInteger(o.periods) && o.periods >= 1)) throw new Error(`CLV: periods must be a positive integer (got ${o.periods})`);
  if (!(o.periodLength > 0)) throw new Error(`CLV: periodLength must be > 0 (got ${o.periodLength})`);
  if (!(o.discountRate >= 0 && o.discountRate < 10)) throw new Error(`CLV: discountRate must be in [0, 10) (got ${o.discountRate})`);
}

/** Discounted expected purchases over the horizon for one customer (multiply by spend for CLV). */
export function discountedExpectedPurchases<P extends ParamMap>(
  model: TransactionModel<P>,
  params: P,
  x: number,
  tx: number,
  T: number,
  options: HorizonOptions,
): number {
  checkHorizon(options);
  let total = 0;
  let previous = 0;
  for (let k = 1; k <= options.periods; k++) {
    const cumulative = model.conditionalExpectedPurchases(params, k * options.periodLength, x, tx, T);
    total += (cumulative - previous) / Math.pow(1 + options.discountRate, k);
    previous = cumulative;
  }
  return total;
}

/**
 * CLV over the horizon for every row: discounted expected purchases × expected
 * spend per purchase (from Gamma-Gamma, aligned with the rows). Uses the model's
 * bulk scoring, once per period boundary.
 */
export function customerLifetimeValues<P extends ParamMap>(
  model: TransactionModel<P>,
  params: P,
  data: FrequencyRecencyData,
  expectedSpend: Float64Array | number,
  options: HorizonOptions,
): Float64Array {
  checkHorizon(options);
  const n = data.x.length;
  const discounted = new Float64Array(n);
  let previous: Float64Array = new Float64Array(n);
  for (let k = 1; k <= options.periods; k++) {
    const t = k * options.periodLength;
    const cumulative = model.score(params, data, t).expectedPurchases;
    const factor = Math.pow(1 + options.discountRate, -k);
    for (let i = 0; i < n; i++) discounted[i]! += (cumulative[i]! - previous[i]!) * factor;
    previous = cumulative;
  }
  for (let i = 0; i < n; i++) {
    const spend = typeof expectedSpend === "number" ? expectedSpend : expectedSpend[i]!;
    discounted[i] = discounted[i]! * spend;
  }
  return discounted;
}

/**
 * Pareto/NBD DERT at a continuous discount rate delta (per time unit):
 * P(alive) (r+x)/(α+T) E[1/(δ+μ)], E[1/(δ+μ)] = B^s δ^(s-1) e^(Bδ) Γ(1-s, Bδ), B = β+T
 * (FHL 2005's α^r β^s δ^(s-1) Γ(r+x+1) Ψ(s, s; δ(β+T)) / (Γ(r) (α+T)^(r+x+1) L)).
 */
export function paretoNbdDert(p: ParetoNbdParams, delta: number, x: number, tx: number, T: number): number {
  if (!(delta > 0)) throw new Error(`Pareto/NBD DERT needs a discount rate delta > 0 (got ${delta})`);
  const B = p.beta + T;
  const z = B * delta;
  const logInverseRate = p.s * Math.log(B) + (p.s - 1) * Math.log(delta) + z + logUpperGamma(1 - p.s, z);
  return paretoNbdPAlive(p, x, tx, T) * ((p.r + x) / (p.alpha + T)) * Math.exp(logInverseRate);
}

/** Continuous rate equivalent to an annual discount rate, per time unit with `unitsPerYear` (52 for weeks). */
export function continuousDiscountRate(annualRate: number, unitsPerYear: number): number {
  return Math.log1p(annualRate) / unitsPerYear;
}

/** Undiscounted expected remaining purchases over an infinite horizon; finite only when a > 1. */
export function bgNbdExpectedRemainingPurchases(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (!(p.a > 1)) {
    throw new Error(`BG/NBD expected lifetime purchases are infinite when a <= 1 (a = ${p.a}): use a finite horizon`);
  }
  return ((p.a + p.b + x - 1) / (p.a - 1)) * bgNbdPAlive(p, x, tx, T);
}

/** Undiscounted expected remaining purchases over an infinite horizon; finite only when s > 1. */
export function paretoNbdExpectedRemainingPurchases(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  if (!(p.s > 1)) {
    throw new Error(`Pareto/NBD expected lifetime purchases are infinite when s <= 1 (s = ${p.s}): use a finite horizon or DERT`);
  }
  return (((p.r + x) * (p.beta + T)) / ((p.alpha + T) * (p.s - 1))) * paretoNbdPAlive(p, x, tx, T);
}
