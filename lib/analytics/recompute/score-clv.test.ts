import { describe, expect, it } from "vitest";
import { defaultClvModels } from "./default-clv-models.ts";
import { fitDiagnostics, fittableRows, MONTH_DAYS, monthlyDiscountRate, scorePatterns, type PatternRows } from "./score-clv.ts";

const bgNbd = (await defaultClvModels()).transaction("bg-nbd");

// CDNOW-like BG/NBD parameters in weeks, and the same process described in days.
const weekly = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const daily = { ...weekly, alpha: weekly.alpha * 7 };

function rows(list: [x: number, txDays: number, tDays: number, weight: number][]): PatternRows {
  return {
    x: Float64Array.from(list, (r) => r[0]),
    txDays: Float64Array.from(list, (r) => r[1]),
    tDays: Float64Array.from(list, (r) => r[2]),
    weight: Float64Array.from(list, (r) => r[3]),
  };
}

const sample = rows([
  [0, 0, 200, 40],
  [2, 30, 200, 3],
  [5, 190, 200, 1],
  [5, 20, 400, 2],
  [12, 350, 365, 1],
  [0, 0, 0, 7], // first purchase on the as-of day
]);

describe("monthlyDiscountRate", () => {
  it("compounds back to the yearly rate", () => {
    expect(Math.pow(1 + monthlyDiscountRate(0.1), 12)).toBeCloseTo(1.1, 12);
    expect(monthlyDiscountRate(0)).toBe(0);
  });
});

describe("scorePatterns", () => {
  it("does not depend on the time unit the model was fitted in", async () => {
    const inWeeks = await scorePatterns(bgNbd, weekly, sample, { unitDays: 7, annualDiscountRate: 0.1 });
    const inDays = await scorePatterns(bgNbd, daily, sample, { unitDays: 1, annualDiscountRate: 0.1 });
    for (let i = 0; i < sample.x.length; i++) {
      expect(inWeeks.pAlive[i]).toBeCloseTo(inDays.pAlive[i] ?? NaN, 10);
      expect(inWeeks.purchases90d[i]).toBeCloseTo(inDays.purchases90d[i] ?? NaN, 10);
      expect(inWeeks.discountedPurchases12m[i]).toBeCloseTo(inDays.discountedPurchases12m[i] ?? NaN, 10);
    }
  });

  it("with no discounting, the 12-month sum is the expected purchases over 12 months", async () => {
    const scores = await scorePatterns(bgNbd, weekly, sample, { unitDays: 7, annualDiscountRate: 0 });
    for (let i = 0; i < 5; i++) {
      const [x, tx, T] = [sample.x[i] ?? 0, (sample.txDays[i] ?? 0) / 7, (sample.tDays[i] ?? 0) / 7];
      expect(scores.discountedPurchases12m[i]).toBeCloseTo(bgNbd.conditionalExpectedPurchases(weekly, (12 * MONTH_DAYS) / 7, x, tx, T), 10);
    }
  });

  it("discounting lowers the value, more for customers expected to buy later", async () => {
    const plain = await scorePatterns(bgNbd, weekly, sample, { unitDays: 7, annualDiscountRate: 0 });
    const discounted = await scorePatterns(bgNbd, weekly, sample, { unitDays: 7, annualDiscountRate: 0.2 });
    for (let i = 0; i < sample.x.length; i++) {
      const ratio = (discounted.discountedPurchases12m[i] ?? 0) / (plain.discountedPurchases12m[i] ?? 1);
      // Between the 12-month factor and the 1-month factor.
      expect(ratio).toBeGreaterThan(1 / 1.2);
      expect(ratio).toBeLessThan(1);
    }
  });

  it("scores customers first seen on the as-of day as alive new customers", async () => {
    const scores = await scorePatterns(bgNbd, weekly, sample, { unitDays: 7, annualDiscountRate: 0.1 });
    expect(scores.pAlive[5]).toBe(1);
    expect(scores.purchases90d[5]).toBeCloseTo(bgNbd.expectedPurchasesNewCustomer(weekly, 90 / 7), 12);
    expect(fittableRows(sample, 7).x).toHaveLength(5);
  });

  it("gives newcomers the model's own P(alive): under MBG/NBD they may drop out at the first purchase", async () => {
    const mbg = (await defaultClvModels()).transaction("mbg-nbd");
    const scores = await scorePatterns(mbg, weekly, sample, { unitDays: 7, annualDiscountRate: 0.1 });
    // MBG/NBD: P(alive | x = 0) = 1 / (1 + a/b ((alpha+T)/(alpha+tx))^r), b/(a+b) at T = 0.
    expect(scores.pAlive[5]).toBeCloseTo(weekly.b / (weekly.a + weekly.b), 12);
    // Continuous in T: a customer seen for one minute is scored almost alike.
    const hour = await scorePatterns(mbg, weekly, rows([[0, 0, 1 / 1440, 1]]), { unitDays: 7, annualDiscountRate: 0.1 });
    expect(hour.pAlive[0]).toBeCloseTo(scores.pAlive[5]!, 4);
  });

  it("ranks a recent heavy buyer above a customer silent for a year", async () => {
    const scores = await scorePatterns(bgNbd, weekly, sample, { unitDays: 7, annualDiscountRate: 0.1 });
    // Row 2: 5 repeat days, last 10 days ago; row 3: 5 repeat days, last 380 days ago.
    expect(scores.pAlive[2]).toBeGreaterThan(scores.pAlive[3] ?? 1);
    expect(scores.purchases365d[2]).toBeGreaterThan(scores.purchases365d[3] ?? Infinity);
  });
});

describe("fitDiagnostics", () => {
  it("accounts for every customer in the frequency check and counts observed repeat days", () => {
    const check = fitDiagnostics(bgNbd, weekly, sample, 7);
    const customers = Array.from(sample.weight).reduce((s, w) => s + w, 0);
    expect(check.frequency.reduce((s, f) => s + f.observed, 0)).toBe(customers);
    expect(check.frequency.reduce((s, f) => s + f.expected, 0)).toBeCloseTo(customers, 8);
    expect(check.repeatPurchases.observed).toBe(2 * 3 + 5 + 5 * 2 + 12);
    expect(check.frequency.find((f) => f.repeatDays === "7+")?.observed).toBe(1);
  });
});
