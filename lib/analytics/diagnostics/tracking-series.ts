import { formatCalendarDay } from "../summary/calendar-day.ts";

export interface TrackingPeriod {
  index: number;
  /** First and last calendar day (inclusive) of the period, YYYY-MM-DD. */
  from: string;
  to: string;
  /** True when the period starts after calibration end. */
  holdout: boolean;
  actual: number;
  expected: number;
  actualCumulative: number;
  expectedCumulative: number;
}

export interface TrackingSeries {
  periodDays: number;
  calibrationEnd: string;
  periods: TrackingPeriod[];
}

export interface TrackingInput {
  /** E[X(t)] for a customer acquired t time units ago, from the fitted model. */
  expectedPurchasesNewCustomer: (t: number) => number;
  /** Days per model time unit (1 for days, 7 for weeks). */
  daysPerUnit: number;
  /** Calendar day of each tracked customer's first purchase. */
  firstPurchaseDay: Int32Array;
  /** Actual repeat purchase days of those customers per calendar day (see CustomerSummary). */
  dailyRepeatPurchases: { startDay: number; counts: Float64Array };
  calibrationEndDay: number;
  /** Period length in days; 7 (weekly) by default. */
  periodDays?: number;
}

/**
 * Cumulative and incremental tracking of repeat purchases: what the cohort
 * actually bought per period against what the model expects, each customer
 * counted from their own first purchase (expected = sum over customers of
 * E[X(end of period - birth)]). Calibration periods show fit; holdout periods
 * show forecasting. Periods start at the earliest day in dailyRepeatPurchases
 * and the last one may be shorter.
 */
export function trackingSeries(input: TrackingInput): TrackingSeries {
  const periodDays = input.periodDays ?? 7;
  if (!Number.isInteger(periodDays) || periodDays < 1) throw new RangeError("periodDays must be a positive integer");
  const { startDay, counts } = input.dailyRepeatPurchases;
  const lastDay = startDay + counts.length - 1;

  // Customers per birth day: the expectation only depends on the lag since birth,
  // so E[X] is evaluated once per lag instead of once per customer and period.
  const births = new Float64Array(counts.length);
  for (const b of input.firstPurchaseDay) {
    if (b < startDay || b > lastDay) throw new RangeError("a first purchase falls outside dailyRepeatPurchases");
    births[b - startDay]!++;
  }
  const expectedByLag = new Float64Array(counts.length);
  for (let lag = 0; lag < counts.length; lag++) {
    expectedByLag[lag] = input.expectedPurchasesNewCustomer(lag / input.daysPerUnit);
  }

  const periods: TrackingPeriod[] = [];
  let actualCumulative = 0;
  let previousExpectedCumulative = 0;
  for (let from = startDay, index = 0; from <= lastDay; from += periodDays, index++) {
    const to = Math.min(from + periodDays - 1, lastDay);
    let actual = 0;
    for (let d = from; d <= to; d++) actual += counts[d - startDay]!;
    actualCumulative += actual;
    let expectedCumulative = 0;
    for (let b = 0; b <= to - startDay; b++) {
      const n = births[b]!;
      if (n !== 0) expectedCumulative += n * expectedByLag[to - startDay - b]!;
    }
    periods.push({
      index,
      from: formatCalendarDay(from),
      to: formatCalendarDay(to),
      holdout: from > input.calibrationEndDay,
      actual,
      expected: expectedCumulative - previousExpectedCumulative,
      actualCumulative,
      expectedCumulative,
    });
    previousExpectedCumulative = expectedCumulative;
  }
  return { periodDays, calibrationEnd: formatCalendarDay(input.calibrationEndDay), periods };
}
