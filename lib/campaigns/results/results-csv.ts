import { csvLine } from "../../segments/csv-line.ts";
import type { Interval } from "../../stats/interval.ts";
import type { CampaignResultsView } from "./load-campaign-results.ts";

export const RESULTS_TABLES = ["arms", "comparisons", "variants", "slices", "cumulative"] as const;
export type ResultsTable = (typeof RESULTS_TABLES)[number];

/** Full precision in the file (a spreadsheet rounds for display); empty for a missing value. */
const n = (value: number | null | undefined): string | null => (value === null || value === undefined || !Number.isFinite(value) ? null : String(value));
const three = (i: Interval | null): (string | null)[] => [n(i?.estimate), n(i?.low), n(i?.high)];

/**
 * One table of a campaign's results as CSV lines, header first. Money is in
 * the workspace's currency (named in a column), days are the workspace's
 * calendar days, and `refreshed_at` is given in its time zone's offset-free
 * ISO form with the zone named, so a file says when its numbers were counted.
 */
export async function* resultsCsv(results: CampaignResultsView, table: ResultsTable): AsyncGenerator<string> {
  const refreshed = results.refreshedAt === null ? null : localTime(results.refreshedAt, results.timezone);
  const tail = [results.currency, refreshed, results.timezone];
  const tailHeader = ["currency", "refreshed_at", "time_zone"];
  if (table === "arms") {
    yield csvLine(["arm", "label", "customers", "converters", "conversion_rate", "orders", "revenue", "revenue_per_customer", "average_order_value", "unsubscribes", ...tailHeader]);
    for (const a of results.arms) {
      yield csvLine([a.key, a.label, n(a.customers), n(a.converters), n(a.conversionRate), n(a.orders), n(a.revenue), n(a.revenuePerCustomer), n(a.averageOrderValue), n(a.unsubscribes), ...tail]);
    }
    return;
  }
  if (table === "comparisons") {
    yield csvLine([
      "comparison",
      "customers",
      ...["revenue_per_customer_diff", "fixed_low", "fixed_high", "fixed_p_value", "sequential_low", "sequential_high"],
      ...["conversion_rate_diff", "conversion_fixed_low", "conversion_fixed_high", "conversion_sequential_low", "conversion_sequential_high"],
      ...["relative_lift", "relative_lift_low", "relative_lift_high"],
      ...["incremental_revenue", "incremental_revenue_low", "incremental_revenue_high"],
      ...["incremental_conversions", "incremental_conversions_low", "incremental_conversions_high"],
      ...["roi", "roi_low", "roi_high"],
      ...["cuped_diff", "cuped_low", "cuped_high", "cuped_narrowing"],
      ...tailHeader,
    ]);
    for (const c of results.comparisons) {
      const r = c.revenuePerCustomer;
      const v = c.conversionRate;
      yield csvLine([
        c.key,
        n(c.customers),
        ...[n(r.estimate), n(r.fixed.low), n(r.fixed.high), n(r.fixed.pValue), n(r.sequential.low), n(r.sequential.high)],
        ...[n(v.estimate), n(v.fixed.low), n(v.fixed.high), n(v.sequential.low), n(v.sequential.high)],
        ...three(c.relativeLift),
        ...three(c.incrementalRevenue.sequential),
        ...three(c.incrementalConversions.sequential),
        ...three(c.roi),
        ...three(c.cuped),
        n(c.cuped?.narrowing),
        ...tail,
      ]);
    }
    return;
  }
  if (table === "variants") {
    yield csvLine(["variant_a", "variant_b", "revenue_per_customer_diff", "sequential_low", "sequential_high", "conversion_rate_diff", "conversion_sequential_low", "conversion_sequential_high", ...tailHeader]);
    for (const p of results.variantPairs) yield csvLine([p.a, p.b, ...three(p.revenuePerCustomer.sequential), ...three(p.conversionRate.sequential), ...tail]);
    return;
  }
  if (table === "slices") {
    yield csvLine(["slice", "value", "control_customers", "treated_customers", "revenue_per_customer_diff", "low", "high", "p_value", "incremental_revenue", "incremental_low", "incremental_high", "responsive", ...tailHeader]);
    for (const s of results.slices) {
      yield csvLine([s.slice, s.value, n(s.controlCustomers), n(s.treatedCustomers), ...three(s.revenuePerCustomer), n(s.revenuePerCustomer?.pValue), ...three(s.incrementalRevenue), s.responsive ? "yes" : "no", ...tail]);
    }
    return;
  }
  yield csvLine(["day", "cumulative_incremental_revenue", "low", "high", ...tailHeader]);
  for (const p of results.cumulative) yield csvLine([p.day, n(p.incrementalRevenue), n(p.low), n(p.high), ...tail]);
}

function localTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
}
