import type pg from "pg";
import type { CohortPeriod, StoredBreakdownKind } from "./cohort-query.schema.ts";
import { buildCohortMembersSql, buildCohortPurchasesSql, COHORT_AGES_SQL, COHORT_CELLS_SQL, cohortSummarySql } from "./cohort-sql.ts";
import type { CohortForecastModel } from "./cohort-forecast.ts";

export interface CohortSource {
  workspaceId: number;
  timezone: string;
  period: CohortPeriod;
  /** The instant customers' ages (for the forecast) are measured to. */
  asOf: Date;
  /** Only this segment's members; null for every customer. */
  segmentId: number | null;
  /** One breakdown kind; null for all of them (the refresh). */
  breakdownKind: StoredBreakdownKind | null;
}

export interface CohortCellRow {
  breakdown_kind: StoredBreakdownKind;
  breakdown_value: string;
  cohort_start: string;
  period_index: number;
  customers_purchasing: number;
  customers_on_or_after: number;
  orders: number;
  revenue_cents: string;
}

export interface CohortSummaryRow {
  breakdown_kind: StoredBreakdownKind;
  breakdown_value: string;
  cohort_start: string;
  customers: number;
  repeat_purchase_days: string;
  expected_repeat_purchase_days: number | null;
}

/**
 * Builds the cohort temp tables for one period kind inside the caller's
 * transaction (they drop at commit). The caller then reads cells and
 * summaries, or inserts them into the stored aggregates.
 */
export async function buildCohortTables(client: pg.PoolClient, source: CohortSource): Promise<void> {
  const base = [source.workspaceId, source.timezone, source.segmentId];
  await client.query(buildCohortMembersSql(source.period), [...base, source.asOf, source.breakdownKind]);
  await client.query(buildCohortPurchasesSql(source.period), base);
  await client.query("ANALYZE cohort_member; ANALYZE cohort_purchase");
}

export async function dropCohortTables(client: pg.PoolClient): Promise<void> {
  await client.query("DROP TABLE IF EXISTS cohort_member, cohort_purchase");
}

export async function readCohortCells(client: pg.PoolClient): Promise<CohortCellRow[]> {
  const res = await client.query<CohortCellRow>(`SELECT breakdown_kind, breakdown_value, cohort_start::text, period_index, customers_purchasing,
      customers_on_or_after, orders, revenue_cents::text FROM (${COHORT_CELLS_SQL}) cells`);
  return res.rows;
}

/** Per-age expectations for the distinct ages in the members table (a few thousand at most), then one grouped read. */
export async function readCohortSummaries(client: pg.PoolClient, forecast: CohortForecastModel | null): Promise<CohortSummaryRow[]> {
  const { ages, expected } = await forecastByAge(client, forecast);
  const res = await client.query<CohortSummaryRow>(
    `SELECT breakdown_kind, breakdown_value, cohort_start::text, customers, repeat_purchase_days::text, expected_repeat_purchase_days
       FROM (${cohortSummarySql(1)}) s`,
    [ages, expected],
  );
  return res.rows;
}

export async function forecastByAge(client: pg.PoolClient, forecast: CohortForecastModel | null): Promise<{ ages: number[]; expected: number[] }> {
  if (!forecast) return { ages: [], expected: [] };
  const res = await client.query<{ t_days: number }>(COHORT_AGES_SQL);
  const ages = res.rows.map((r) => r.t_days);
  return { ages, expected: ages.map((t) => forecast.expectedRepeatDays(t)) };
}
