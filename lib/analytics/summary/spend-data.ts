import type { SpendData } from "../btyd/types.ts";

export interface SpendSource {
  x: Float64Array;
  monetaryValue: Float64Array;
  weight: Float64Array;
}

/**
 * Gamma-Gamma input: only customers with at least one repeat purchase, since
 * monetary value is the mean of repeat purchases and undefined otherwise.
 * `rows` maps each spend row back to its row in the source summary.
 */
export function spendDataFromSummary(summary: SpendSource): SpendData & { rows: Uint32Array } {
  const rows: number[] = [];
  for (let i = 0; i < summary.x.length; i++) if (summary.x[i]! > 0) rows.push(i);
  const pick = (column: Float64Array) => Float64Array.from(rows, (i) => column[i]!);
  return {
    x: pick(summary.x),
    monetaryValue: pick(summary.monetaryValue),
    weight: pick(summary.weight),
    rows: Uint32Array.from(rows),
  };
}
