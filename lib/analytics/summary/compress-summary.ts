import type { FrequencyRecencyData } from "../btyd/types.ts";

export interface CompressedSummary {
  /** One row per distinct (x, tx, T); weight is the summed weight of its members. */
  data: FrequencyRecencyData;
  /** For each input row, the index of its row in `data` (to map predictions back). */
  rowGroup: Uint32Array;
}

/**
 * Groups identical (x, tx, T) rows so a fit evaluates each pattern once.
 * With daily data over a year or two, a million customers collapse to a few
 * hundred thousand patterns or fewer; the likelihood is the weighted sum.
 * Groups keep the order in which each pattern first appears.
 */
export function compressSummary(input: FrequencyRecencyData): CompressedSummary {
  const n = input.x.length;
  const groupOf = new Map<string, number>();
  const rowGroup = new Uint32Array(n);
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = input.x[i]!;
    const txi = input.tx[i]!;
    const Ti = input.T[i]!;
    const key = `${xi}|${txi}|${Ti}`;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = x.length;
      groupOf.set(key, g);
      x.push(xi);
      tx.push(txi);
      T.push(Ti);
      weight.push(0);
    }
    weight[g]! += input.weight[i]!;
    rowGroup[i] = g;
  }
  return {
    data: {
      x: Float64Array.from(x),
      tx: Float64Array.from(tx),
      T: Float64Array.from(T),
      weight: Float64Array.from(weight),
    },
    rowGroup,
  };
}
