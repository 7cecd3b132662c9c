import { describe, expect, it } from "vitest";
import { bgNbd } from "../btyd/index.ts";
import { parseCalendarDay } from "../summary/calendar-day.ts";
import { simulateBgNbdTransactions } from "../summary/simulate-transactions.ts";
import { summarizeTransactions } from "../summary/summarize-transactions.ts";
import { toTransactionColumns } from "../summary/transaction-columns.ts";
import { pAliveMatrix } from "./p-alive-matrix.ts";
import { trackingSeries } from "./tracking-series.ts";

// With the true parameters of simulated data, the model's expected tracking
// curve must follow what the simulated customers actually did. Moderate
// heterogeneity keeps same-day purchases (merged into one purchase day by the
// summary, but counted twice by the continuous-time model) to about 2%.
describe("trackingSeries with BG/NBD on simulated customers", () => {
  it("expected cumulative repeat purchases follow the actual ones through calibration and holdout", () => {
    const truth = { r: 2, alpha: 20, a: 0.8, b: 2.5 };
    const firstDay = parseCalendarDay("2023-01-02")!;
    const observationEndDay = firstDay + 7 * 39 - 1;
    const holdoutEndDay = firstDay + 7 * 78 - 1;
    const records = simulateBgNbdTransactions(truth, {
      customers: 6000,
      firstDay,
      acquisitionDays: 84,
      lastDay: holdoutEndDay,
      timeUnit: "week",
      seed: 99,
    });
    const summary = summarizeTransactions(toTransactionColumns(records), { observationEndDay, holdoutEndDay, timeUnit: "week" });
    const series = trackingSeries({
      expectedPurchasesNewCustomer: (t) => bgNbd.expectedPurchasesNewCustomer(truth, t),
      daysPerUnit: 7,
      firstPurchaseDay: summary.firstPurchaseDay,
      dailyRepeatPurchases: summary.dailyRepeatPurchases,
      calibrationEndDay: observationEndDay,
    });
    expect(series.periods.length).toBe(78);
    expect(series.periods.filter((p) => p.holdout).length).toBe(39);
    const at = (week: number) => series.periods[week - 1]!;
    for (const week of [26, 39, 52, 78]) {
      const { actualCumulative, expectedCumulative } = at(week);
      expect(Math.abs(expectedCumulative / actualCumulative - 1), `week ${week}`).toBeLessThan(0.05);
    }
    const totalActual = series.periods.reduce((s, p) => s + p.actual, 0);
    expect(totalActual).toBe(at(78).actualCumulative);
  });
});

describe("pAliveMatrix with BG/NBD (CDNOW parameters)", () => {
  it("shows the model's reading of recency: for the same frequency, a recent buyer is more likely alive", () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const m = pAliveMatrix({ pAlive: (x, tx, T) => bgNbd.pAlive(params, x, tx, T), maxFrequency: 10, maxRecency: 39 });
    expect(m.values[0]![0]).toBe(1); // BG/NBD: no repeat purchase means no chance to have dropped out
    for (let i = 1; i < m.frequencies.length; i++) {
      const row = m.values[i]!.slice(1) as number[];
      for (let j = 1; j < row.length; j++) expect(row[j]!).toBeGreaterThanOrEqual(row[j - 1]!);
      expect(row.at(-1)!).toBeGreaterThan(0.5);
    }
    // Bought often but not lately is the classic at-risk cell.
    expect(m.values[10]![1]!).toBeLessThan(0.01);
  });
});
