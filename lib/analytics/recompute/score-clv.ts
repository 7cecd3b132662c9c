import { groupRows } from "../btyd/distinct-rows.ts";
import type { CustomerScores, ParamMap, SpendModel, TransactionModel } from "../btyd/types.ts";

/**
 * Scoring of the compressed CLV patterns. Pure: arrays in, arrays out. Each
 * distinct (x, tx, T) is scored once, however many customers share it.
 */

/** Distinct (x, tx days, T days) rows and how many customers have each. */
export interface PatternRows {
  x: Float64Array;
  txDays: Float64Array;
  tDays: Float64Array;
  weight: Float64Array;
}

export interface PatternScores {
  pAlive: Float64Array;
  purchases90d: Float64Array;
  purchases365d: Float64Array;
  /** Σ over the next 12 months of expected purchases in the month, discounted to today. */
  discountedPurchases12m: Float64Array;
  /** P(at least one purchase within 7, 14, 30 days of the as-of date). */
  purchaseWithin7d: Float64Array;
  purchaseWithin14d: Float64Array;
  purchaseWithin30d: Float64Array;
  /** Median days from the last purchase to the next, for a customer who keeps buying (docs/next-purchase.md). */
  nextPurchaseGapDays: Float64Array;
}

/** The horizons of the purchase probabilities, in days. */
export const PURCHASE_HORIZON_DAYS = [7, 14, 30] as const;

/** Average month used for the 12-month horizon. */
export const MONTH_DAYS = 365.25 / 12;

/** The monthly rate equivalent to a yearly discount rate: (1 + annual)^(1/12) - 1. */
export function monthlyDiscountRate(annualRate: number): number {
  return Math.pow(1 + annualRate, 1 / 12) - 1;
}

/**
 * Scores every pattern: P(alive), expected purchases over 90 and 365 days,
 * and the discounted 12-month purchases. Async only to yield to the event
 * loop between horizons: at a million customers each horizon is about a
 * second of CPU, and a worker that never yields cannot renew its job lock.
 */
export async function scorePatterns(
  model: TransactionModel,
  params: ParamMap,
  rows: PatternRows,
  options: { unitDays: number; annualDiscountRate: number },
): Promise<PatternScores> {
  const unit = options.unitDays;
  const n = rows.x.length;
  // Customers whose first purchase is on the as-of day (T = 0) have told us
  // nothing yet: they are scored as new customers, with the model's own
  // P(alive) at x = tx = T = 0 (1 for BG/NBD and Pareto/NBD; b/(a+b) for
  // MBG/NBD, whose customers may drop out at the first purchase). The batch
  // scorers reject T = 0, so those rows are scored here and left out below.
  const observed = indicesWhere(rows.tDays, (t) => t > 0);
  const data = {
    x: pick(rows.x, observed),
    tx: pick(rows.txDays, observed).map((d) => d / unit),
    T: pick(rows.tDays, observed).map((d) => d / unit),
    weight: pick(rows.weight, observed),
  };
  const scoreObserved = (t: number) => model.score(params, data, t);
  const newcomerPAlive = model.pAlive(params, 0, 0, 0);
  const expected = async (t: number): Promise<CustomerScores> => {
    await new Promise((resolve) => setImmediate(resolve));
    const scores: CustomerScores = { pAlive: new Float64Array(n).fill(newcomerPAlive), expectedPurchases: new Float64Array(n).fill(model.expectedPurchasesNewCustomer(params, t)) };
    const part = scoreObserved(t);
    observed.forEach((row, i) => {
      scores.pAlive[row] = part.pAlive[i] ?? NaN;
      scores.expectedPurchases[row] = part.expectedPurchases[i] ?? NaN;
    });
    return scores;
  };
  const monthly = monthlyDiscountRate(options.annualDiscountRate);

  const first = await expected(90 / unit);
  const out: PatternScores = {
    pAlive: first.pAlive,
    purchases90d: first.expectedPurchases,
    purchases365d: (await expected(365 / unit)).expectedPurchases,
    discountedPurchases12m: new Float64Array(n),
    ...scoreNextPurchase(model, params, rows, first.pAlive, unit),
  };
  let previous: Float64Array = new Float64Array(n);
  for (let k = 1; k <= 12; k++) {
    const cumulative = (await expected((k * MONTH_DAYS) / unit)).expectedPurchases;
    const factor = Math.pow(1 + monthly, -k);
    for (let i = 0; i < n; i++) {
      out.discountedPurchases12m[i] = (out.discountedPurchases12m[i] ?? 0) + ((cumulative[i] ?? 0) - (previous[i] ?? 0)) * factor;
    }
    previous = cumulative;
  }
  return out;
}

/**
 * P(purchase within 7/14/30 days) = P(alive) · P(purchase within t | alive),
 * the second factor once per distinct (x, T), and the median gap once per
 * distinct (x, tx). Rows with T = 0 are new customers: x = tx = T = 0 and the
 * model's newcomer P(alive), which `pAlive` already holds.
 */
export function scoreNextPurchase(model: TransactionModel, params: ParamMap, rows: PatternRows, pAlive: Float64Array, unit: number) {
  const n = rows.x.length;
  const byXT = groupRows(rows.x, rows.tDays, null);
  const ifAlive = PURCHASE_HORIZON_DAYS.map(() => new Float64Array(byXT.count));
  for (let k = 0; k < byXT.count; k++) {
    const i = byXT.first[k] ?? 0;
    const [x, T] = [rows.x[i] ?? 0, (rows.tDays[i] ?? 0) / unit];
    PURCHASE_HORIZON_DAYS.forEach((days, h) => {
      ifAlive[h]![k] = model.purchaseIfAlive(params, days / unit, x, T);
    });
  }
  const within = PURCHASE_HORIZON_DAYS.map((_, h) => Float64Array.from({ length: n }, (_, i) => (pAlive[i] ?? 0) * (ifAlive[h]![byXT.groupOf[i] ?? 0] ?? 0)));
  const byXTx = groupRows(rows.x, rows.txDays, null);
  const gapOf = Float64Array.from(byXTx.first, (i) => model.medianPurchaseGap(params, rows.x[i] ?? 0, (rows.txDays[i] ?? 0) / unit) * unit);
  return {
    purchaseWithin7d: within[0]!,
    purchaseWithin14d: within[1]!,
    purchaseWithin30d: within[2]!,
    nextPurchaseGapDays: Float64Array.from(byXTx.groupOf, (k) => gapOf[k] ?? NaN),
  };
}

/** Rows the models can be fitted to: customers observed for some time (T > 0). */
export function fittableRows(rows: PatternRows, unitDays: number) {
  const keep = indicesWhere(rows.tDays, (t) => t > 0);
  return {
    x: pick(rows.x, keep),
    tx: pick(rows.txDays, keep).map((d) => d / unitDays),
    T: pick(rows.tDays, keep).map((d) => d / unitDays),
    weight: pick(rows.weight, keep),
  };
}

function indicesWhere(values: Float64Array, predicate: (v: number) => boolean): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    if (predicate(v)) out.push(i);
  });
  return out;
}

function pick(values: Float64Array, indices: readonly number[]): Float64Array {
  const out = new Float64Array(indices.length);
  indices.forEach((row, i) => {
    out[i] = values[row] ?? NaN;
  });
  return out;
}

export function scoreSpend(spend: SpendModel, params: ParamMap, x: Float64Array, monetaryValue: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = spend.conditionalExpectedAverageSpend(params, x[i] ?? 0, monetaryValue[i] ?? 0);
  return out;
}

export interface FrequencyCheck {
  /** "0".."6", "7+": repeat purchase days. */
  repeatDays: string;
  observed: number;
  expected: number;
}

export interface FitDiagnostics {
  repeatPurchases: { observed: number; expected: number };
  frequency: FrequencyCheck[];
}

/**
 * In-sample checks of the fitted transaction model: total repeat purchase
 * days observed against expected for customers with the same ages, and the
 * number of customers with 0, 1, ... 7+ repeat days against the model's
 * P(X(T) = n). Grouped by T, so the cost does not grow with customers.
 */
export function fitDiagnostics(model: TransactionModel, params: ParamMap, rows: PatternRows, unitDays: number): FitDiagnostics {
  const byT = new Map<number, number>();
  const observedByX = new Float64Array(8);
  let observedRepeat = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const w = rows.weight[i] ?? 0;
    const x = rows.x[i] ?? 0;
    const t = rows.tDays[i] ?? 0;
    byT.set(t, (byT.get(t) ?? 0) + w);
    observedRepeat += w * x;
    observedByX[Math.min(7, x)] = (observedByX[Math.min(7, x)] ?? 0) + w;
  }
  const expectedByX = new Float64Array(8);
  let expectedRepeat = 0;
  for (const [tDays, customers] of byT) {
    if (tDays === 0) {
      expectedByX[0] = (expectedByX[0] ?? 0) + customers;
      continue;
    }
    const T = tDays / unitDays;
    expectedRepeat += customers * model.expectedPurchasesNewCustomer(params, T);
    let below = 0;
    for (let n = 0; n < 7; n++) {
      const p = model.probabilityOfPurchases(params, T, n);
      expectedByX[n] = (expectedByX[n] ?? 0) + customers * p;
      below += p;
    }
    expectedByX[7] = (expectedByX[7] ?? 0) + customers * Math.max(0, 1 - below);
  }
  return {
    repeatPurchases: { observed: observedRepeat, expected: expectedRepeat },
    frequency: Array.from(observedByX, (observed, n) => ({ repeatDays: n === 7 ? "7+" : String(n), observed, expected: expectedByX[n] ?? 0 })),
  };
}
