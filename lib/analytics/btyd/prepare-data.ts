/**
 * Validation and compression of frequency/recency data. Identical (x, tx, T)
 * rows become one weighted row, and each column gets an index into its
 * distinct values, so the likelihoods compute ln(alpha + T), log-gammas of
 * x, etc. once per distinct value rather than once per customer.
 */
import { distinctColumn, groupRows, type DistinctColumn } from "./distinct-rows.ts";
import type { FrequencyRecencyData } from "./types.ts";

export { distinctColumn, type DistinctColumn };

export interface PreparedData {
  rows: number;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  totalWeight: number;
  xs: DistinctColumn;
  txs: DistinctColumn;
  Ts: DistinctColumn;
  /** Summed weight per distinct x. */
  weightPerX: Float64Array;
}

export function validateFrequencyRecency(data: FrequencyRecencyData): void {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || data.weight.length !== n) {
    throw new Error("frequency/recency data: x, tx, T and weight must have the same length");
  }
  for (let i = 0; i < n; i++) {
    const x = data.x[i]!;
    const tx = data.tx[i]!;
    const T = data.T[i]!;
    const w = data.weight[i]!;
    if (!(x >= 0 && Number.isFinite(x))) throw new Error(`row ${i}: x must be a finite number >= 0 (got ${x})`);
    if (!(T > 0 && Number.isFinite(T))) throw new Error(`row ${i}: T must be a finite number > 0 (got ${T})`);
    if (!(tx >= 0 && tx <= T)) throw new Error(`row ${i}: tx must lie in [0, T] (got tx=${tx}, T=${T})`);
    if (!(w >= 0 && Number.isFinite(w))) throw new Error(`row ${i}: weight must be a finite number >= 0 (got ${w})`);
  }
}

export function prepareData(data: FrequencyRecencyData): PreparedData {
  validateFrequencyRecency(data);
  const n = data.x.length;
  // tx carries no information when x = 0; normalising it lets those rows merge
  const tx0 = new Float64Array(n);
  for (let i = 0; i < n; i++) tx0[i] = data.x[i]! === 0 ? 0 : data.tx[i]!;
  const groups = groupRows(data.x, tx0, data.T, data.weight);
  const rows = groups.count;
  if (rows === 0) throw new Error("frequency/recency data: no customers with a positive weight");
  const x = new Float64Array(rows);
  const tx = new Float64Array(rows);
  const T = new Float64Array(rows);
  const weight = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const i = groups.first[r]!;
    x[r] = data.x[i]!;
    tx[r] = tx0[i]!;
    T[r] = data.T[i]!;
  }
  for (let i = 0; i < n; i++) {
    const g = groups.groupOf[i]!;
    if (g >= 0) weight[g]! += data.weight[i]!;
  }
  const xs = distinctColumn(x);
  const weightPerX = new Float64Array(xs.values.length);
  let totalWeight = 0;
  for (let r = 0; r < rows; r++) {
    weightPerX[xs.index[r]!]! += weight[r]!;
    totalWeight += weight[r]!;
  }
  return { rows, x, tx, T, weight, totalWeight, xs, txs: distinctColumn(tx), Ts: distinctColumn(T), weightPerX };
}

/** Rows kept with probability q and re-weighted by 1/q: an unbiased, smaller likelihood for screening starts. */
export function subsampleData(data: PreparedData, targetRows: number, uniform: () => number): PreparedData | null {
  if (data.rows <= targetRows * 1.5) return null;
  const q = targetRows / data.rows;
  const keep: number[] = [];
  for (let r = 0; r < data.rows; r++) if (uniform() < q) keep.push(r);
  const pick = (col: Float64Array) => Float64Array.from(keep, (r) => col[r]!);
  return prepareData({
    x: pick(data.x),
    tx: pick(data.tx),
    T: pick(data.T),
    weight: Float64Array.from(keep, (r) => data.weight[r]! / q),
  });
}
