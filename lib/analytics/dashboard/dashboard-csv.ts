import { csvLine } from "../../segments/csv-line.ts";
import type { MigrationMatrix } from "../rfm/migration-matrix.ts";
import type { ClvSliceRow, LtvDashboard } from "./ltv-dashboard.ts";
import type { WorkspaceOverview } from "./overview.ts";
import type { RfmDashboard } from "./rfm-dashboard.ts";

/**
 * Every table of the overview, RFM and LTV & Churn pages as CSV lines (header
 * first), built from the same objects the pages render, so a download says
 * what the page says. Numbers are plain (shares as fractions, money in the
 * workspace currency, unrounded); instants are written in the workspace time
 * zone with their offset; days are calendar days in that zone.
 */
export const LTV_TABLES = ["bands", "deciles", "value-curve", "channels", "cohorts-month", "cohorts-quarter", "segments", "top-customers"] as const;
export const RFM_TABLES = ["segments", "grid", "segment-value", "migration"] as const;
export const OVERVIEW_TABLES = ["summary", "trend", "value-mix-segments", "value-mix-bands"] as const;
export type LtvTable = (typeof LTV_TABLES)[number];
export type RfmTable = (typeof RFM_TABLES)[number];
export type OverviewTable = (typeof OVERVIEW_TABLES)[number];

const s = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : String(v));

const SLICE_HEADER = ["customers", "share_of_scored", "mean_p_alive", "mean_predicted_clv_12m", "total_predicted_clv_12m", "revenue_to_date", "clv_run_id"];

function* sliceLines(keyColumn: string, rows: ClvSliceRow[], runId: number | null, key: (k: string | null) => string | null = (k) => k): Generator<string> {
  yield csvLine([keyColumn, ...SLICE_HEADER]);
  for (const r of rows) {
    yield csvLine([key(r.key), s(r.customers), s(r.share), s(r.meanPAlive), s(r.meanClv12m), s(r.totalClv12m), s(r.revenueToDate), s(runId)]);
  }
}

export function* ltvCsv(d: LtvDashboard, table: LtvTable): Generator<string> {
  const o = d.overview;
  const runId = o.runId;
  switch (table) {
    case "bands":
      yield csvLine(["churn_band", "customers", "share_of_scored", "mean_p_alive", "predicted_clv_12m", "revenue_to_date", "clv_run_id"]);
      for (const b of o.bands) yield csvLine([b.band, s(b.customers), s(b.share), s(b.meanPAlive), s(b.predictedClv12m), s(b.revenueToDate), s(runId)]);
      return;
    case "deciles":
      yield csvLine(["decile", "customers", "min_predicted_clv_12m", "max_predicted_clv_12m", "total_predicted_clv_12m", "share_of_predicted_clv", "clv_run_id"]);
      for (const x of o.deciles) {
        const share = o.totalPredictedClv12m > 0 ? x.totalClv / o.totalPredictedClv12m : 0;
        yield csvLine([s(x.decile), s(x.customers), s(x.minClv), s(x.maxClv), s(x.totalClv), s(share), s(runId)]);
      }
      return;
    case "value-curve":
      yield csvLine(["top_share_of_customers", "share_of_predicted_clv", "clv_run_id"]);
      for (const p of d.valueCurve) yield csvLine([s(p.customerShare), s(p.valueShare), s(runId)]);
      return;
    case "channels":
      // "" is a customer without a channel; the summed row beyond the first 50 channels is written "(other channels)".
      yield* sliceLines("acquisition_channel", d.byChannel, runId, (k) => (k === null ? "(other channels)" : k));
      return;
    case "cohorts-month":
      yield* sliceLines("first_order_month_start", d.byCohortMonth, runId);
      return;
    case "cohorts-quarter":
      yield* sliceLines("first_order_quarter_start", d.byCohortQuarter, runId);
      return;
    case "segments":
      yield* sliceLines("rfm_segment", d.bySegment, runId);
      return;
    case "top-customers":
      yield csvLine(["rank", "customer_id", "name", "predicted_clv_12m", "p_alive", "churn_band", "rfm_segment", "revenue_to_date", "clv_run_id"]);
      for (const [i, c] of d.topCustomers.entries()) {
        yield csvLine([s(i + 1), c.customerId, c.name, s(c.predictedClv12m), s(c.pAlive), c.band, c.segment, s(c.revenueToDate), s(runId)]);
      }
      return;
  }
}

export function* rfmCsv(d: RfmDashboard, table: Exclude<RfmTable, "migration">): Generator<string> {
  const o = d.overview;
  switch (table) {
    case "segments":
      yield csvLine(["segment", "customers", "share_of_scored", "mean_recency_days", "mean_orders", "mean_revenue", "revenue", "rfm_run_id"]);
      for (const x of o.segments) {
        yield csvLine([x.segment, s(x.customers), s(x.share), s(x.meanRecencyDays), s(x.meanOrders), s(x.meanRevenue), s(x.revenue), s(o.runId)]);
      }
      return;
    case "grid":
      yield csvLine(["r_score", "f_score", "customers", "revenue", "rfm_run_id"]);
      for (let r = 5; r >= 1; r--) {
        for (let f = 1; f <= 5; f++) yield csvLine([s(r), s(f), s(o.grid[r - 1]![f - 1]!), s(o.revenueGrid[r - 1]![f - 1]!), s(o.runId)]);
      }
      return;
    case "segment-value":
      yield csvLine(["segment", "customers", "revenue_to_date", "clv_scored_customers", "predicted_clv_12m", "mean_p_alive", "rfm_run_id", "clv_run_id"]);
      for (const x of d.segmentValue) {
        yield csvLine([x.segment, s(x.customers), s(x.revenue), s(x.clvCustomers), s(x.predictedClv12m), s(x.meanPAlive), s(o.runId), s(d.clvRunId)]);
      }
      return;
  }
}

export function* migrationCsv(m: MigrationMatrix, timeZone: string): Generator<string> {
  yield csvLine(["from_run_id", "from_as_of", "to_run_id", "to_as_of", "from_segment", "to_segment", "customers"]);
  const fromAsOf = localInstant(m.fromAsOf, timeZone);
  const toAsOf = localInstant(m.toAsOf, timeZone);
  // An empty segment cell is "not scored at that run".
  for (const c of m.cells) yield csvLine([s(m.fromRunId), fromAsOf, s(m.toRunId), toAsOf, c.from, c.to, s(c.customers)]);
}

export function* overviewCsv(o: WorkspaceOverview, table: OverviewTable): Generator<string> {
  switch (table) {
    case "summary": {
      yield csvLine(["number", "period_from", "period_to", "value", "previous_from", "previous_to", "previous_value", "last_year_from", "last_year_to", "last_year_value"]);
      const numbers = [
        ["revenue", (t: typeof o.current) => t.revenue],
        ["orders", (t: typeof o.current) => t.orders],
        ["average_order_value", (t: typeof o.current) => t.averageOrderValue],
        ["active_customers", (t: typeof o.current) => t.activeCustomers],
        ["new_customers", (t: typeof o.current) => t.newCustomers],
        ["returning_customers", (t: typeof o.current) => t.returningCustomers],
        ["repeat_purchase_rate", (t: typeof o.current) => t.repeatPurchaseRate],
        ["first_purchase_revenue", (t: typeof o.current) => t.firstPurchaseRevenue],
        ["repeat_revenue", (t: typeof o.current) => t.repeatRevenue],
      ] as const;
      for (const [name, pick] of numbers) {
        yield csvLine([name, o.current.from, o.current.to, s(pick(o.current)), o.previous.from, o.previous.to, s(pick(o.previous)), o.lastYear.from, o.lastYear.to, s(pick(o.lastYear))]);
      }
      return;
    }
    case "trend":
      yield csvLine(["from", "to", "revenue", "orders", "active_customers"]);
      for (const t of o.trend) yield csvLine([t.from, t.to, s(t.revenue), s(t.orders), s(t.activeCustomers)]);
      return;
    case "value-mix-segments":
      yield csvLine(["rfm_segment", "customers", "revenue", "rfm_run_id"]);
      for (const x of o.rfm?.data.segments ?? []) yield csvLine([x.segment, s(x.customers), s(Number(x.revenue)), s(o.rfm!.runId)]);
      return;
    case "value-mix-bands":
      yield csvLine(["churn_band", "customers", "revenue_to_date", "predicted_clv_12m", "clv_run_id"]);
      for (const b of o.clv?.data.bands ?? []) yield csvLine([b.band, s(b.customers), s(Number(b.revenue)), s(Number(b.predictedClv12m)), s(o.clv!.runId)]);
      return;
  }
}

/** An ISO instant as local time in the zone with its offset, e.g. 2026-01-31T21:00:00+01:00. */
export function localInstant(iso: string | null, timeZone: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "longOffset" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === "GMT" ? "+00:00" : String(parts.timeZoneName).replace("GMT", "");
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
