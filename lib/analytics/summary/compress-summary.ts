import { groupRows } from "../btyd/distinct-rows.ts";
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
  const groups = groupRows(input.x, input.tx, input.T);
  const weight = new Float64Array(groups.count);
  const rowGroup = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const g = groups.groupOf[i]!;
    weight[g]! += input.weight[i]!;
    rowGroup[i] = g;
  }
  const firstRows = groups.first.subarray(0, groups.count);
  const pick = (column: Float64Array) => Float64Array.from(firstRows, (i) => column[i]!);
  return { data: { x: pick(input.x), tx: pick(input.tx), T: pick(input.T), weight }, rowGroup };
}
