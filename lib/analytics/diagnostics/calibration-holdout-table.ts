import type { FrequencyRecencyData } from "../btyd/types.ts";

export interface CalibrationHoldoutRow {
  /** Calibration frequency of the group; for the pooled last group, the cap. */
  frequency: number;
  /** "0", "1", ... and "N+" for the pooled group. */
  label: string;
  /** Customers in the group (sum of weights). */
  customers: number;
  actualMeanHoldoutPurchases: number;
  predictedMeanHoldoutPurchases: number;
}

export interface CalibrationHoldoutTable {
  holdoutDuration: number;
  frequencyCap: number;
  /** Groups that have customers, by increasing calibration frequency. */
  rows: CalibrationHoldoutRow[];
}

interface CalibrationHoldoutBase {
  calibration: FrequencyRecencyData;
  /** Actual repeat purchases of each calibration row in the holdout period (per customer, not per weight). */
  holdoutPurchases: Float64Array;
  /** Holdout length in the model's time unit. */
  holdoutDuration: number;
  /** Frequencies at or above this are pooled as "cap+"; 7 by default (as in Fader, Hardie and Lee's CDNOW plots). */
  frequencyCap?: number;
}

/** Predictions either from the model, per row, or precomputed (e.g. once per distinct (x, tx, T)). */
export type CalibrationHoldoutInput = CalibrationHoldoutBase &
  (
    | {
        /** E[purchases in (T, T + t] | x, tx, T] from the fitted model. */
        conditionalExpectedPurchases: (t: number, x: number, tx: number, T: number) => number;
      }
    | { predictedHoldoutPurchases: Float64Array }
  );

/**
 * The classic conditional-expectations check: customers grouped by how often
 * they bought in calibration, mean actual holdout purchases next to the
 * model's mean prediction. A model that tracks the diagonal in every group
 * (and not only overall) is ranking customers well.
 */
export function calibrationHoldoutTable(input: CalibrationHoldoutInput): CalibrationHoldoutTable {
  const cap = input.frequencyCap ?? 7;
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError("frequencyCap must be a positive integer");
  const { x, tx, T, weight } = input.calibration;
  const customers = new Float64Array(cap + 1);
  const actual = new Float64Array(cap + 1);
  const predicted = new Float64Array(cap + 1);
  for (let i = 0; i < x.length; i++) {
    const w = weight[i]!;
    if (w === 0) continue;
    const g = Math.min(Math.floor(x[i]!), cap);
    customers[g]! += w;
    actual[g]! += w * input.holdoutPurchases[i]!;
    const prediction =
      "predictedHoldoutPurchases" in input
        ? input.predictedHoldoutPurchases[i]!
        : input.conditionalExpectedPurchases(input.holdoutDuration, x[i]!, tx[i]!, T[i]!);
    predicted[g]! += w * prediction;
  }
  const rows: CalibrationHoldoutRow[] = [];
  for (let g = 0; g <= cap; g++) {
    const n = customers[g]!;
    if (n === 0) continue;
    rows.push({
      frequency: g,
      label: g === cap ? `${cap}+` : String(g),
      customers: n,
      actualMeanHoldoutPurchases: actual[g]! / n,
      predictedMeanHoldoutPurchases: predicted[g]! / n,
    });
  }
  return { holdoutDuration: input.holdoutDuration, frequencyCap: cap, rows };
}
