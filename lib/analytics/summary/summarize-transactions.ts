import type { FrequencyRecencyData } from "../btyd/types.ts";
import type { TransactionColumns } from "./transaction-columns.ts";

export type TimeUnit = "day" | "week";

export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7 };

export interface SummaryOptions {
  /** Last calendar day (inclusive) of the calibration period. */
  observationEndDay: number;
  /** Last calendar day (inclusive) of the holdout period; must be after observationEndDay. */
  holdoutEndDay?: number;
  timeUnit: TimeUnit;
}

export interface HoldoutSummary {
  endDay: number;
  /** Holdout length in the time unit: (holdoutEnd - observationEnd) days / unit. */
  duration: number;
  /** Purchase days in (observationEnd, holdoutEnd]; every one of them is a repeat purchase. */
  purchases: Float64Array;
  /** Total amount spent in the holdout period (0 without amounts). */
  spend: Float64Array;
}

/**
 * Per-customer summaries in the "buy till you die" conventions (the ones
 * lifetimes' summary_data_from_transaction_data and CLVTools use):
 * - several transactions on one calendar day are one purchase, amounts summed;
 * - x = calibration purchase days after the first; tx = first to last purchase;
 *   T = first purchase to observation end; durations in the time unit,
 *   unrounded (weeks are days / 7);
 * - monetaryValue = mean amount of the repeat purchase days (the first purchase
 *   is excluded because it is often atypical, e.g. a sign-up basket); it is 0
 *   when x = 0 or amounts are unknown, as in lifetimes. Use it only where x > 0.
 * Customers whose first purchase is after observation end are left out (they
 * were not yet customers when the calibration period closed). Rows are in the
 * order of first appearance of the customer id.
 */
export interface CustomerSummary extends FrequencyRecencyData {
  customerIds: string[];
  monetaryValue: Float64Array;
  /** Calendar day of each customer's first purchase ("birth"), for tracking plots. */
  firstPurchaseDay: Int32Array;
  timeUnit: TimeUnit;
  observationEndDay: number;
  holdout: HoldoutSummary | null;
  /**
   * Repeat purchase days of the summarised customers per calendar day, over
   * calibration and holdout: counts[i] is for day startDay + i, through the
   * last day counted (holdout end, else observation end).
   */
  dailyRepeatPurchases: { startDay: number; counts: Float64Array };
}

/**
 * Sorts days[from, to) ascending, moving amounts along. Most customers have a
 * handful of rows, where an inline insertion sort on contiguous memory is far
 * cheaper than a comparator sort per customer; long histories use a sort.
 */
function sortSliceByDay(days: Int32Array, amounts: Float64Array, from: number, to: number): void {
  const length = to - from;
  if (length < 2) return;
  if (length > 32) {
    const order = Array.from({ length }, (_, k) => from + k).sort((i, j) => days[i]! - days[j]!);
    const sortedDays = order.map((i) => days[i]!);
    const sortedAmounts = order.map((i) => amounts[i]!);
    days.set(sortedDays, from);
    amounts.set(sortedAmounts, from);
    return;
  }
  for (let k = from + 1; k < to; k++) {
    const d = days[k]!;
    const a = amounts[k]!;
    let j = k - 1;
    while (j >= from && days[j]! > d) {
      days[j + 1] = days[j]!;
      amounts[j + 1] = amounts[j]!;
      j--;
    }
    days[j + 1] = d;
    amounts[j + 1] = a;
  }
}

export function summarizeTransactions(transactions: TransactionColumns, options: SummaryOptions): CustomerSummary {
  const { observationEndDay, holdoutEndDay, timeUnit } = options;
  if (!Number.isInteger(observationEndDay)) throw new RangeError("observationEndDay must be a day number");
  if (holdoutEndDay !== undefined && !(Number.isInteger(holdoutEndDay) && holdoutEndDay > observationEndDay)) {
    throw new RangeError("holdoutEndDay must be a day number after observationEndDay");
  }
  const unit = DAYS_PER_UNIT[timeUnit];
  const lastCountedDay = holdoutEndDay ?? observationEndDay;
  const { customerIndex, day, amount } = transactions;
  const customerCount = transactions.customerIds.length;
  const rowCount = day.length;

  // Counting sort of the rows we keep, by customer: O(rows), no comparator sort over millions.
  // Days and amounts are copied into customer order so each customer's rows are contiguous.
  const starts = new Uint32Array(customerCount + 1);
  let earliestDay = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rowCount; i++) {
    const d = day[i]!;
    if (d > lastCountedDay) continue;
    starts[customerIndex[i]! + 1]!++;
    if (d < earliestDay) earliestDay = d;
  }
  for (let c = 0; c < customerCount; c++) starts[c + 1]! += starts[c]!;
  const keptRows = starts[customerCount]!;
  const days = new Int32Array(keptRows);
  const amounts = new Float64Array(keptRows);
  const cursor = starts.slice(0, customerCount);
  for (let i = 0; i < rowCount; i++) {
    const d = day[i]!;
    if (d > lastCountedDay) continue;
    const k = cursor[customerIndex[i]!]!++;
    days[k] = d;
    amounts[k] = amount ? amount[i]! : 0;
  }

  const startDay = Number.isFinite(earliestDay) ? earliestDay : observationEndDay;
  const dailyCounts = new Float64Array(Math.max(0, lastCountedDay - startDay + 1));
  const x = new Float64Array(customerCount);
  const tx = new Float64Array(customerCount);
  const T = new Float64Array(customerCount);
  const monetaryValue = new Float64Array(customerCount);
  const firstPurchaseDay = new Int32Array(customerCount);
  const holdoutPurchases = new Float64Array(holdoutEndDay === undefined ? 0 : customerCount);
  const holdoutSpend = new Float64Array(holdoutEndDay === undefined ? 0 : customerCount);
  const customerIds: string[] = [];

  let out = 0;
  for (let c = 0; c < customerCount; c++) {
    const from = starts[c]!;
    const to = starts[c + 1]!;
    if (from === to) continue;
    sortSliceByDay(days, amounts, from, to);
    const first = days[from]!;
    if (first > observationEndDay) continue;

    let calibrationDays = 0;
    let lastCalibrationDay = first;
    let repeatSpend = 0;
    let holdoutDays = 0;
    let holdoutAmount = 0;
    let previousDay = Number.NaN;
    for (let k = from; k < to; k++) {
      const d = days[k]!;
      const value = amounts[k]!;
      const newDay = d !== previousDay;
      previousDay = d;
      if (d <= observationEndDay) {
        if (newDay) {
          calibrationDays++;
          lastCalibrationDay = d;
        }
        if (d !== first) repeatSpend += value;
      } else {
        if (newDay) holdoutDays++;
        holdoutAmount += value;
      }
      if (newDay && d !== first) dailyCounts[d - startDay]!++;
    }

    const repeats = calibrationDays - 1;
    customerIds.push(transactions.customerIds[c]!);
    x[out] = repeats;
    tx[out] = (lastCalibrationDay - first) / unit;
    T[out] = (observationEndDay - first) / unit;
    monetaryValue[out] = repeats > 0 ? repeatSpend / repeats : 0;
    firstPurchaseDay[out] = first;
    if (holdoutEndDay !== undefined) {
      holdoutPurchases[out] = holdoutDays;
      holdoutSpend[out] = holdoutAmount;
    }
    out++;
  }

  return {
    customerIds,
    x: x.slice(0, out),
    tx: tx.slice(0, out),
    T: T.slice(0, out),
    weight: new Float64Array(out).fill(1),
    monetaryValue: monetaryValue.slice(0, out),
    firstPurchaseDay: firstPurchaseDay.slice(0, out),
    timeUnit,
    observationEndDay,
    holdout:
      holdoutEndDay === undefined
        ? null
        : {
            endDay: holdoutEndDay,
            duration: (holdoutEndDay - observationEndDay) / unit,
            purchases: holdoutPurchases.slice(0, out),
            spend: holdoutSpend.slice(0, out),
          },
    dailyRepeatPurchases: { startDay, counts: dailyCounts },
  };
}
