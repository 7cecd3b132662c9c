import type { CohortMetric, CohortPeriod } from "./cohort-query.schema.ts";

/** One cohort × period as a route answers it. */
export interface CohortCellView {
  periodIndex: number;
  value: number;
  /** Customers behind the cell: who purchased in the period, or (on-or-after) in it or later. A segment made from the cell holds them. */
  customers: number;
}

export interface CohortRowView {
  /** First day of the cohort's period (YYYY-MM-DD, workspace time zone). */
  cohort: string;
  /** The breakdown's value ("" when the customer has none); null without a breakdown. */
  breakdownValue: string | null;
  /** Customers acquired in the period: every cell's denominator. */
  cohortSize: number;
  /** Repeat purchase days per original customer to date (orders on one local day are one purchase day, as the model counts them). */
  actualRepeatPurchasesPerCustomer: number;
  /** What the fitted model expected for customers of these ages; null without a fitted model. */
  expectedRepeatPurchasesPerCustomer: number | null;
  cells: CohortCellView[];
}

/** Stored (or live) numbers of one cell, before a metric is chosen. */
export interface CohortCellCounts {
  periodIndex: number;
  customersPurchasing: number;
  customersOnOrAfter: number;
  orders: number;
  revenueCents: bigint;
}

/**
 * The matrix row of one cohort for a metric: periods 0 to `currentIndex` (the
 * period holding the as-of instant), with the periods nobody bought in as
 * zeros; revenue accumulates across periods. Pure, so the page, the API and
 * the CSV give the same numbers.
 */
export function cohortCells(metric: CohortMetric, cohortSize: number, stored: readonly CohortCellCounts[], currentIndex: number): CohortCellView[] {
  const byIndex = new Map(stored.map((c) => [c.periodIndex, c]));
  const cells: CohortCellView[] = [];
  let revenueCents = 0n;
  const last = Math.max(currentIndex, ...stored.map((c) => c.periodIndex));
  for (let k = 0; k <= last; k++) {
    const c = byIndex.get(k);
    revenueCents += c?.revenueCents ?? 0n;
    const purchasing = c?.customersPurchasing ?? 0;
    const onOrAfter = c?.customersOnOrAfter ?? 0;
    const size = cohortSize > 0 ? cohortSize : 1;
    let value: number;
    if (metric === "retention") value = purchasing / size;
    else if (metric === "retention_on_or_after") value = onOrAfter / size;
    else if (metric === "orders_per_customer") value = (c?.orders ?? 0) / size;
    else value = Number(revenueCents) / 100 / size;
    cells.push({ periodIndex: k, value, customers: metric === "retention_on_or_after" ? onOrAfter : purchasing });
  }
  return cells;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Periods from the cohort starting on `cohortStart` to the period holding the local date `date`. */
export function periodIndexOfDate(period: CohortPeriod, cohortStart: string, date: string): number {
  const [cy, cm] = cohortStart.split("-").map(Number) as [number, number];
  const [y, m] = date.split("-").map(Number) as [number, number];
  if (period === "month") return (y - cy) * 12 + (m - cm);
  const day = Date.parse(`${date}T00:00:00Z`);
  const mondayOffset = (new Date(day).getUTCDay() + 6) % 7;
  return Math.floor((day - mondayOffset * 86_400_000 - Date.parse(`${cohortStart}T00:00:00Z`)) / (7 * 86_400_000));
}

/** The first day of period `k` of a cohort (YYYY-MM-DD). */
export function periodStartDate(period: CohortPeriod, cohortStart: string, k: number): string {
  const start = new Date(`${cohortStart}T00:00:00Z`);
  if (period === "month") start.setUTCMonth(start.getUTCMonth() + k);
  else start.setUTCDate(start.getUTCDate() + 7 * k);
  return start.toISOString().slice(0, 10);
}

/** The day before a date (YYYY-MM-DD). */
export function previousDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
