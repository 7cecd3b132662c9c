import { describe, expect, it } from "vitest";
import { sampleGamma, seededRandom } from "../summary/simulate-transactions.ts";
import { calibrationHoldoutTable } from "./calibration-holdout-table.ts";
import { akaikeInformationCriterion, bayesianInformationCriterion } from "./information-criteria.ts";
import { pAliveMatrix } from "./p-alive-matrix.ts";
import { trackingSeries } from "./tracking-series.ts";

describe("information criteria", () => {
  it("reproduces the BG/NBD CDNOW figures (LL -9582.4, 4 parameters, 2357 customers)", () => {
    expect(akaikeInformationCriterion(-9582.4, 4)).toBeCloseTo(19172.8, 6);
    expect(bayesianInformationCriterion(-9582.4, 4, 2357)).toBeCloseTo(19195.86, 1);
  });
});

describe("calibrationHoldoutTable", () => {
  const fromRows = (rows: [number, number, number, number][]) => ({
    x: Float64Array.from(rows, (r) => r[0]),
    tx: Float64Array.from(rows, (r) => r[1]),
    T: Float64Array.from(rows, (r) => r[2]),
    weight: Float64Array.from(rows, (r) => r[3]),
  });

  it("groups by calibration frequency, pools the tail and weights rows", () => {
    const table = calibrationHoldoutTable({
      calibration: fromRows([
        [0, 0, 10, 2],
        [0, 0, 8, 1],
        [1, 4, 10, 1],
        [3, 9, 10, 1],
        [5, 9, 10, 1],
      ]),
      holdoutPurchases: Float64Array.from([0, 3, 1, 2, 4]),
      holdoutDuration: 5,
      conditionalExpectedPurchases: (t, x) => t * (x + 1) * 0.1,
      frequencyCap: 3,
    });
    expect(table.holdoutDuration).toBe(5);
    const precomputed = calibrationHoldoutTable({
      calibration: fromRows([
        [0, 0, 10, 2],
        [0, 0, 8, 1],
        [1, 4, 10, 1],
        [3, 9, 10, 1],
        [5, 9, 10, 1],
      ]),
      holdoutPurchases: Float64Array.from([0, 3, 1, 2, 4]),
      holdoutDuration: 5,
      predictedHoldoutPurchases: Float64Array.from([0.5, 0.5, 1, 2, 3]),
      frequencyCap: 3,
    });
    expect(precomputed.rows).toEqual(table.rows);
    expect(table.rows).toEqual([
      { frequency: 0, label: "0", customers: 3, actualMeanHoldoutPurchases: 1, predictedMeanHoldoutPurchases: 0.5 },
      { frequency: 1, label: "1", customers: 1, actualMeanHoldoutPurchases: 1, predictedMeanHoldoutPurchases: 1 },
      { frequency: 3, label: "3+", customers: 2, actualMeanHoldoutPurchases: 3, predictedMeanHoldoutPurchases: 2.5 },
    ]);
  });

  it("puts a correct model on the diagonal for simulated customers", () => {
    // NBD customers (Poisson rate ~ Gamma(r, alpha), never dropping out):
    // E[holdout | x, T] = (r + x) / (alpha + T) * t is exact, so actual and
    // predicted group means must agree up to sampling noise.
    const r = 1.5;
    const alpha = 6;
    const random = seededRandom(7);
    const n = 20000;
    const T = 12;
    const holdout = 8;
    const rows: [number, number, number, number][] = [];
    const holdoutPurchases = new Float64Array(n);
    const poisson = (mean: number) => {
      let k = 0;
      let t = -Math.log(1 - random());
      while (t < mean) {
        k++;
        t += -Math.log(1 - random());
      }
      return k;
    };
    for (let i = 0; i < n; i++) {
      const lambda = sampleGamma(random, r, alpha);
      const x = poisson(lambda * T);
      rows.push([x, x > 0 ? T : 0, T, 1]);
      holdoutPurchases[i] = poisson(lambda * holdout);
    }
    const table = calibrationHoldoutTable({
      calibration: fromRows(rows),
      holdoutPurchases,
      holdoutDuration: holdout,
      conditionalExpectedPurchases: (t, x, _tx, Tc) => ((r + x) / (alpha + Tc)) * t,
    });
    expect(table.rows.map((row) => row.label)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
    expect(table.rows.reduce((s, row) => s + row.customers, 0)).toBe(n);
    for (const row of table.rows) {
      // Poisson-gamma holdout counts: sd of a group mean is well under 0.15 for groups of 300+.
      expect(Math.abs(row.actualMeanHoldoutPurchases - row.predictedMeanHoldoutPurchases), row.label).toBeLessThan(
        row.customers > 300 ? 0.15 : 0.5,
      );
    }
  });
});

describe("trackingSeries", () => {
  it("adds each cohort's expectation from its own birth day (hand-worked)", () => {
    // Two customers born on days 100 and 103; E[X(t)] = t per day.
    // End of day 101: 1; day 103: 3 + 0; day 105: 5 + 2; day 106 (short last period): 6 + 3.
    const counts = new Float64Array(7); // days 100..106
    counts[1] = 1;
    counts[5] = 2;
    const series = trackingSeries({
      expectedPurchasesNewCustomer: (t) => t,
      daysPerUnit: 1,
      firstPurchaseDay: Int32Array.from([100, 103]),
      dailyRepeatPurchases: { startDay: 100, counts },
      calibrationEndDay: 103,
      periodDays: 2,
    });
    expect(series.periods.map((p) => [p.expectedCumulative, p.expected, p.actualCumulative, p.actual, p.holdout])).toEqual([
      [1, 1, 1, 1, false],
      [3, 2, 1, 0, false],
      [7, 4, 3, 2, true],
      [9, 2, 3, 0, true],
    ]);
    expect(series.periods[0]).toMatchObject({ from: "1970-04-11", to: "1970-04-12" });
    expect(series.calibrationEnd).toBe("1970-04-14");
  });

  it("converts lags to the model's time unit", () => {
    const series = trackingSeries({
      expectedPurchasesNewCustomer: (t) => t,
      daysPerUnit: 7,
      firstPurchaseDay: Int32Array.from([0]),
      dailyRepeatPurchases: { startDay: 0, counts: new Float64Array(14) },
      calibrationEndDay: 13,
    });
    expect(series.periods.map((p) => p.expectedCumulative)).toEqual([6 / 7, 13 / 7]);
  });

  it("rejects births outside the tracked days", () => {
    expect(() =>
      trackingSeries({
        expectedPurchasesNewCustomer: (t) => t,
        daysPerUnit: 1,
        firstPurchaseDay: Int32Array.from([5]),
        dailyRepeatPurchases: { startDay: 10, counts: new Float64Array(3) },
        calibrationEndDay: 11,
      }),
    ).toThrow(RangeError);
  });
});

describe("pAliveMatrix", () => {
  it("evaluates the model over the grid at T = max recency, blanking impossible cells", () => {
    const calls: [number, number, number][] = [];
    const m = pAliveMatrix({
      pAlive: (x, tx, T) => {
        calls.push([x, tx, T]);
        return (tx + 1) / (T + 1 + x);
      },
      maxFrequency: 2,
      maxRecency: 3,
    });
    expect(m.T).toBe(3);
    expect(m.frequencies).toEqual([0, 1, 2]);
    expect(m.recencies).toEqual([0, 1, 2, 3]);
    expect(m.values).toEqual([
      [1 / 4, null, null, null],
      [null, 2 / 5, 3 / 5, 4 / 5],
      [null, 2 / 6, 3 / 6, 4 / 6],
    ]);
    expect(calls.every(([, , T]) => T === 3)).toBe(true);
  });

  it("thins a large grid but keeps both ends", () => {
    const m = pAliveMatrix({ pAlive: () => 0.5, maxFrequency: 120, maxRecency: 364.5, maxRows: 20, maxColumns: 30 });
    expect(m.frequencies.length).toBeLessThanOrEqual(21);
    expect(m.frequencies[0]).toBe(0);
    expect(m.frequencies.at(-1)).toBe(120);
    expect(m.recencies.length).toBeLessThanOrEqual(31);
    expect(m.recencies[0]).toBe(0);
    expect(m.recencies.at(-1)).toBeCloseTo(364.5, 9);
    expect(m.values.length).toBe(m.frequencies.length);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});
