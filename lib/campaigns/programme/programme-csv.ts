import { csvLine } from "../../segments/csv-line.ts";
import type { ProgrammeResultsView } from "./load-programme-results.ts";

const n = (value: number | null | undefined): string | null => (value === null || value === undefined || !Number.isFinite(value) ? null : String(value));

/**
 * The programme's results as CSV lines, header first: one row per group, with
 * the comparison's numbers (the same on both rows) beside them. Full
 * precision; money in the workspace's currency, named in a column; the
 * period's days and the zone they are counted in on every row.
 */
export async function* programmeCsv(view: ProgrammeResultsView): AsyncGenerator<string> {
  const c = view.comparison;
  yield csvLine([
    ...["group", "customers", "converters", "conversion_rate", "orders", "revenue", "revenue_per_customer"],
    ...["difference_per_customer", "fixed_low", "fixed_high", "fixed_p_value", "sequential_low", "sequential_high"],
    ...["incremental_revenue", "incremental_fixed_low", "incremental_fixed_high", "incremental_sequential_low", "incremental_sequential_high", "verdict"],
    ...["from", "to", "currency", "time_zone", "refreshed_at"],
  ]);
  for (const g of view.groups) {
    yield csvLine([
      ...[g.key, n(g.customers), n(g.converters), n(g.conversionRate), n(g.orders), n(g.revenue), n(g.revenuePerCustomer)],
      ...[n(c?.revenuePerCustomer.estimate), n(c?.revenuePerCustomer.fixed.low), n(c?.revenuePerCustomer.fixed.high), n(c?.revenuePerCustomer.fixed.pValue)],
      ...[n(c?.revenuePerCustomer.sequential.low), n(c?.revenuePerCustomer.sequential.high)],
      ...[n(c?.incrementalRevenue.sequential.estimate), n(c?.incrementalRevenue.fixed.low), n(c?.incrementalRevenue.fixed.high)],
      ...[n(c?.incrementalRevenue.sequential.low), n(c?.incrementalRevenue.sequential.high), view.verdict.text],
      ...[view.from, view.to, view.currency, view.timezone, view.refreshedAt],
    ]);
  }
}
