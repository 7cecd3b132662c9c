import type { FrequencyRecencyData } from "../btyd/types.ts";

export interface CompressedSummary {
  /** One row per distinct (x, tx, T); weight is the summed weight of its members. */
  data: FrequencyRecencyData;
  /** For each input row, the index of its row in `data` (to map predictions back). */
  rowGroup: Uint32Array;
}

/** Dense ids for a column's distinct values, so a row's pattern becomes one numeric key. */
function denseIds(values: Float64Array): { ids: Uint32Array; count: number } {
  const idOf = new Map<number, number>();
  const ids = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let id = idOf.get(v);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(v, id);
    }
    ids[i] = id;
  }
  return { ids, count: idOf.size };
}

/**
 * Groups identical (x, tx, T) rows so a fit evaluates each pattern once.
 * With daily data over a year or two, a million customers collapse to a few
 * hundred thousand patterns or fewer; the likelihood is the weighted sum.
 * Groups keep the order in which each pattern first appears.
 */
export function compressSummary(input: FrequencyRecencyData): CompressedSummary {
  const n = input.x.length;
  const xs = denseIds(input.x);
  const txs = denseIds(input.tx);
  const Ts = denseIds(input.T);
  // Numeric keys are far cheaper than string keys; the product of distinct counts fits easily in 2^53.
  const numericKeys = xs.count * txs.count * Ts.count < Number.MAX_SAFE_INTEGER;
  const groupOf = new Map<number | string, number>();
  const rowGroup = new Uint32Array(n);
  const firstRow: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = numericKeys
      ? (xs.ids[i]! * txs.count + txs.ids[i]!) * Ts.count + Ts.ids[i]!
      : `${xs.ids[i]}|${txs.ids[i]}|${Ts.ids[i]}`;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = firstRow.length;
      groupOf.set(key, g);
      firstRow.push(i);
      weight.push(0);
    }
    weight[g]! += input.weight[i]!;
    rowGroup[i] = g;
  }
  const pick = (column: Float64Array) => Float64Array.from(firstRow, (i) => column[i]!);
  return {
    data: { x: pick(input.x), tx: pick(input.tx), T: pick(input.T), weight: Float64Array.from(weight) },
    rowGroup,
  };
}
