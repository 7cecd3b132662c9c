import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCalendarDay } from "./calendar-day.ts";
import { summarizeTransactions, type CustomerSummary, type TimeUnit } from "./summarize-transactions.ts";
import { toTransactionColumns, type TransactionRecord } from "./transaction-columns.ts";

const day = (text: string): number => {
  const parsed = parseCalendarDay(text);
  if (parsed === null) throw new Error(`bad date in test: ${text}`);
  return parsed;
};
const t = (customerId: string | number, date: string, amount?: number): TransactionRecord => ({
  customerId: String(customerId),
  day: day(date),
  ...(amount === undefined ? {} : { amount }),
});

function rowOf(summary: CustomerSummary, id: string | number) {
  const i = summary.customerIds.indexOf(String(id));
  if (i < 0) return undefined;
  return {
    x: summary.x[i],
    tx: summary.tx[i],
    T: summary.T[i],
    m: summary.monetaryValue[i],
    holdout: summary.holdout?.purchases[i],
    holdoutSpend: summary.holdout?.spend[i],
  };
}

describe("summarizeTransactions, hand-worked example", () => {
  const records = [
    t("A", "2024-01-01", 10),
    t("A", "2024-01-01", 5), // same day as the first: one purchase of 15
    t("A", "2024-01-08", 20),
    t("A", "2024-01-15", 30),
    t("A", "2024-01-15", 10), // one purchase of 40
    t("A", "2024-02-05", 7),
    t("A", "2024-02-05", 3),
    t("A", "2024-02-20", 12),
    t("A", "2024-03-10", 100), // after holdout end: ignored
    t("B", "2024-01-20", 50),
    t("C", "2024-02-03", 80), // first purchase after observation end: not a calibration customer
    t("D", "2024-01-31", 5),
    t("D", "2024-01-31", 5),
    t("E", "2024-01-25", 9), // out of order on purpose
    t("E", "2024-01-10", 1),
    t("E", "2024-01-30", 3),
  ];
  const columns = toTransactionColumns(records);
  const options = { observationEndDay: day("2024-01-31"), holdoutEndDay: day("2024-02-29") };

  it("counts purchase days, not transactions, in days", () => {
    const s = summarizeTransactions(columns, { ...options, timeUnit: "day" });
    expect(s.customerIds).toEqual(["A", "B", "D", "E"]);
    expect(rowOf(s, "A")).toEqual({ x: 2, tx: 14, T: 30, m: 30, holdout: 2, holdoutSpend: 22 });
    expect(rowOf(s, "B")).toEqual({ x: 0, tx: 0, T: 11, m: 0, holdout: 0, holdoutSpend: 0 });
    expect(rowOf(s, "D")).toEqual({ x: 0, tx: 0, T: 0, m: 0, holdout: 0, holdoutSpend: 0 });
    expect(rowOf(s, "E")).toEqual({ x: 2, tx: 20, T: 21, m: 6, holdout: 0, holdoutSpend: 0 });
    expect(s.holdout?.duration).toBe(29); // 2024 is a leap year
    expect(Array.from(s.weight)).toEqual([1, 1, 1, 1]);
    expect(Array.from(s.firstPurchaseDay)).toEqual(["2024-01-01", "2024-01-20", "2024-01-31", "2024-01-10"].map(day));
  });

  it("measures weeks as days / 7 without rounding", () => {
    const s = summarizeTransactions(columns, { ...options, timeUnit: "week" });
    const a = rowOf(s, "A")!;
    expect(a.x).toBe(2);
    expect(a.tx).toBe(2);
    expect(a.T).toBeCloseTo(30 / 7, 12);
    expect(rowOf(s, "E")!.tx).toBeCloseTo(20 / 7, 12);
    expect(s.holdout?.duration).toBeCloseTo(29 / 7, 12);
  });

  it("counts repeat purchase days per calendar day across calibration and holdout", () => {
    const s = summarizeTransactions(columns, { ...options, timeUnit: "day" });
    const { startDay, counts } = s.dailyRepeatPurchases;
    expect(startDay).toBe(day("2024-01-01"));
    expect(counts.length).toBe(60); // 1 Jan to 29 Feb inclusive
    const marked = [...counts.entries()].filter(([, c]) => c > 0).map(([i, c]) => [i + startDay, c]);
    expect(marked).toEqual(
      ["2024-01-08", "2024-01-15", "2024-01-25", "2024-01-30", "2024-02-05", "2024-02-20"].map((d) => [day(d), 1]),
    );
  });

  it("without a holdout end ignores everything after observation end", () => {
    const s = summarizeTransactions(columns, { observationEndDay: day("2024-01-31"), timeUnit: "day" });
    expect(s.holdout).toBeNull();
    expect(rowOf(s, "A")).toMatchObject({ x: 2, tx: 14, T: 30, m: 30 });
    expect(s.customerIds).not.toContain("C");
    expect(s.dailyRepeatPurchases.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("rejects a holdout end that is not after observation end", () => {
    expect(() =>
      summarizeTransactions(columns, { observationEndDay: day("2024-01-31"), holdoutEndDay: day("2024-01-31"), timeUnit: "day" }),
    ).toThrow(RangeError);
  });
});

// Expected values are copied from lifetimes' own test suite (tests/test_utils.py),
// so these pin our conventions to the reference implementation's.
describe("summarizeTransactions, lifetimes' published examples", () => {
  it("matches summary_data_from_transaction_data on the small example", () => {
    const records = [
      t(1, "2015-02-01"),
      t(1, "2015-02-06"),
      t(2, "2015-01-01"),
      t(3, "2015-01-01"),
      t(3, "2015-01-02"),
      t(3, "2015-01-05"),
    ];
    const s = summarizeTransactions(toTransactionColumns(records), { observationEndDay: day("2015-02-07"), timeUnit: "day" });
    expect([1, 2, 3].map((id) => rowOf(s, id)).map((r) => [r!.x, r!.tx, r!.T])).toEqual([
      [1, 5, 6],
      [0, 0, 37],
      [2, 4, 37],
    ]);
  });

  const withMoney = [
    t(1, "2015-01-01", 1),
    t(1, "2015-02-06", 2),
    t(2, "2015-01-01", 2),
    t(3, "2015-01-01", 3),
    t(3, "2015-01-02", 1),
    t(3, "2015-01-05", 5),
    t(4, "2015-01-16", 6),
    t(4, "2015-02-02", 3),
    t(4, "2015-02-05", 3),
    t(5, "2015-01-16", 3),
    t(5, "2015-01-17", 1),
    t(5, "2015-01-18", 8),
    t(6, "2015-02-02", 5),
  ];

  it("matches the monetary-value example (mean of repeat purchases, 0 without repeats)", () => {
    const s = summarizeTransactions(toTransactionColumns(withMoney), { observationEndDay: day("2015-02-07"), timeUnit: "day" });
    const table = [1, 2, 3, 4, 5, 6].map((id) => rowOf(s, id)).map((r) => [r!.x, r!.tx, r!.T, r!.m]);
    expect(table).toEqual([
      [1, 36, 37, 2],
      [0, 0, 37, 0],
      [2, 4, 37, 3],
      [2, 20, 22, 3],
      [2, 2, 22, 4.5],
      [0, 0, 5, 0],
    ]);
  });

  it("matches calibration_and_holdout_data, including who is left out", () => {
    const s = summarizeTransactions(toTransactionColumns(withMoney), {
      observationEndDay: day("2015-02-01"),
      holdoutEndDay: day("2015-02-07"),
      timeUnit: "day",
    });
    expect(s.customerIds).toEqual(["1", "2", "3", "4", "5"]); // 6 first bought in the holdout
    expect([1, 2, 3, 4, 5].map((id) => rowOf(s, id)!.m)).toEqual([0, 0, 3, 0, 4.5]);
    expect([1, 2, 3, 4, 5].map((id) => rowOf(s, id)!.holdout)).toEqual([1, 0, 0, 2, 0]);
    // lifetimes reports the mean holdout purchase: [2, 0, 0, 3, 0]
    const meanHoldout = [1, 2, 3, 4, 5].map((id) => {
      const r = rowOf(s, id)!;
      return r.holdout ? r.holdoutSpend! / r.holdout : 0;
    });
    expect(meanHoldout).toEqual([2, 0, 0, 3, 0]);
    expect(s.holdout?.duration).toBe(6);
  });

  it("respects both date boundaries (gives_correct_date_boundaries)", () => {
    const s = summarizeTransactions(toTransactionColumns(withMoney), {
      observationEndDay: day("2015-02-01"),
      holdoutEndDay: day("2015-02-04"),
      timeUnit: "day",
    });
    expect(rowOf(s, 1)!.holdout).toBe(0); // 02-06 is past the holdout end
    expect(rowOf(s, 4)!.holdout).toBe(1); // 02-02 counts, 02-05 does not
  });
});

// A deliberately plain second implementation: objects and maps, no sorting tricks.
function naiveSummary(records: TransactionRecord[], obsEnd: number, holdoutEnd: number | undefined, unit: TimeUnit) {
  const perUnit = unit === "week" ? 7 : 1;
  const byCustomer = new Map<string, Map<number, number>>();
  for (const r of records) {
    if (r.day > (holdoutEnd ?? obsEnd)) continue;
    const days = byCustomer.get(r.customerId) ?? new Map<number, number>();
    days.set(r.day, (days.get(r.day) ?? 0) + (r.amount ?? 0));
    byCustomer.set(r.customerId, days);
  }
  const result = new Map<string, { x: number; tx: number; T: number; m: number; holdout: number; spend: number }>();
  for (const [id, days] of byCustomer) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const first = sorted[0]!;
    if (first > obsEnd) continue;
    const cal = sorted.filter((d) => d <= obsEnd);
    const hold = sorted.filter((d) => d > obsEnd);
    const repeats = cal.slice(1);
    const repeatSpend = repeats.reduce((s, d) => s + days.get(d)!, 0);
    result.set(id, {
      x: repeats.length,
      tx: (cal[cal.length - 1]! - first) / perUnit,
      T: (obsEnd - first) / perUnit,
      m: repeats.length ? repeatSpend / repeats.length : 0,
      holdout: hold.length,
      spend: hold.reduce((s, d) => s + days.get(d)!, 0),
    });
  }
  return result;
}

function checkAgainstNaive(records: TransactionRecord[], obsEnd: number, holdoutEnd: number | undefined, unit: TimeUnit) {
  const s = summarizeTransactions(toTransactionColumns(records), {
    observationEndDay: obsEnd,
    ...(holdoutEnd === undefined ? {} : { holdoutEndDay: holdoutEnd }),
    timeUnit: unit,
  });
  const expected = naiveSummary(records, obsEnd, holdoutEnd, unit);
  expect(new Set(s.customerIds)).toEqual(new Set(expected.keys()));
  s.customerIds.forEach((id, i) => {
    const e = expected.get(id)!;
    expect(s.x[i]).toBe(e.x);
    expect(s.tx[i]).toBeCloseTo(e.tx, 12);
    expect(s.T[i]).toBeCloseTo(e.T, 12);
    expect(s.monetaryValue[i]).toBeCloseTo(e.m, 9);
    if (holdoutEnd !== undefined) {
      expect(s.holdout!.purchases[i]).toBe(e.holdout);
      expect(s.holdout!.spend[i]).toBe(e.spend);
    }
  });
  const totalRepeatDays = [...expected.values()].reduce((acc, e) => acc + e.x + e.holdout, 0);
  expect(s.dailyRepeatPurchases.counts.reduce((a, b) => a + b, 0)).toBe(totalRepeatDays);
}

describe("summarizeTransactions vs a naive implementation", () => {
  it("agrees for customers with long, shuffled histories", () => {
    const recordArb = fc.record({
      customerId: fc.constantFrom("long", "other"),
      day: fc.integer({ min: 100, max: 200 }),
      amount: fc.integer({ min: 1, max: 500 }),
    });
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 40, maxLength: 150 }), fc.integer({ min: 120, max: 180 }), (records, obsEnd) =>
        checkAgainstNaive(records, obsEnd, obsEnd + 15, "day"),
      ),
      { numRuns: 100 },
    );
  });

  it("agrees on every customer for random transaction logs", () => {
    const recordArb = fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"),
      day: fc.integer({ min: 100, max: 160 }),
      amount: fc.integer({ min: 1, max: 500 }),
    });
    fc.assert(
      fc.property(
        fc.array(recordArb, { maxLength: 60 }),
        fc.integer({ min: 100, max: 150 }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        fc.constantFrom<TimeUnit>("day", "week"),
        (records, obsEnd, holdoutLength, unit) =>
          checkAgainstNaive(records, obsEnd, holdoutLength === undefined ? undefined : obsEnd + holdoutLength, unit),
      ),
      { numRuns: 300 },
    );
  });
});
