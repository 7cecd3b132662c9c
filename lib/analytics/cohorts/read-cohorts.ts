import type pg from "pg";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { buildCohortTables, readCohortCells, readCohortSummaries, type CohortCellRow, type CohortSummaryRow } from "./build-cohorts.ts";
import { loadCohortForecastModel } from "./cohort-forecast.ts";
import { cohortCells, localDate, periodIndexOfDate, type CohortCellCounts, type CohortRowView } from "./cohort-matrix.ts";
import { DEFAULT_COHORTS, storedBreakdownKind, type CohortBreakdown, type CohortMetric, type CohortPeriod, type CohortQuery } from "./cohort-query.schema.ts";

/** What the cohorts page, its CSV and GET /api/v1/analytics/cohorts answer. */
export interface CohortMatrixView {
  period: CohortPeriod;
  metric: CohortMetric;
  breakdown: CohortBreakdown;
  value: string | null;
  segmentId: number | null;
  timezone: string;
  /** The instant the numbers describe: the last refresh, or now for a segment (computed live). Null before the first refresh. */
  asOf: string | null;
  forecastModel: string | null;
  cohorts: CohortRowView[];
}

/**
 * The cohort matrix for a query. Without a segment it reads the stored
 * aggregates (a few hundred rows, whatever the workspace's size). With a
 * segment it computes the same aggregates live over that segment's members,
 * in one transaction cancelled if the request is abandoned: the cost grows
 * with the segment, not the workspace.
 */
export async function readCohortMatrix(workspaceId: number, query: CohortQuery, options: { signal?: AbortSignal; now?: Date } = {}): Promise<CohortMatrixView> {
  const kind = storedBreakdownKind(query.breakdown);
  const limit = query.cohorts ?? DEFAULT_COHORTS[query.period];
  return withTransaction(
    async (client) => {
      const ws = await client.query<{ timezone: string }>("SELECT timezone FROM workspace WHERE id = $1::int4", [workspaceId]);
      const timezone = ws.rows[0]?.timezone ?? "UTC";
      const base = { period: query.period, metric: query.metric, breakdown: query.breakdown, value: query.value ?? null, segmentId: query.segment ?? null, timezone };

      let summaries: CohortSummaryRow[];
      let cells: CohortCellRow[];
      let asOf: Date | null;
      let forecastModel: string | null;
      if (query.segment !== undefined) {
        await assertSegment(client, workspaceId, query.segment);
        asOf = options.now ?? new Date();
        const forecast = await loadCohortForecastModel(client, workspaceId);
        forecastModel = forecast?.model ?? null;
        await buildCohortTables(client, { workspaceId, timezone, period: query.period, asOf, segmentId: query.segment, breakdownKind: kind });
        summaries = await readCohortSummaries(client, forecast);
        cells = await readCohortCells(client);
      } else {
        const refresh = await client.query<{ refreshed_at: Date; forecast_model: string | null }>(
          "SELECT refreshed_at, forecast_model FROM cohort_refresh WHERE workspace_id = $1::int4",
          [workspaceId],
        );
        asOf = refresh.rows[0]?.refreshed_at ?? null;
        forecastModel = refresh.rows[0]?.forecast_model ?? null;
        ({ summaries, cells } = await readStored(client, workspaceId, query.period, kind, query.value ?? null, limit));
      }
      if (query.value !== undefined) {
        summaries = summaries.filter((s) => s.breakdown_value === query.value);
        cells = cells.filter((c) => c.breakdown_value === query.value);
      }
      return { ...base, asOf: asOf?.toISOString() ?? null, forecastModel, cohorts: assemble(query, recent(summaries, limit), cells, asOf, timezone) };
    },
    { signal: options.signal },
  );
}

async function assertSegment(client: pg.PoolClient, workspaceId: number, segmentId: number): Promise<void> {
  const res = await client.query("SELECT 1 FROM segment WHERE id = $1::int4 AND workspace_id = $2::int4 AND archived_at IS NULL", [segmentId, workspaceId]);
  // Another workspace's segment answers exactly as a missing one: existence never leaks.
  if (res.rowCount === 0) throw new AppError("NOT_FOUND", "Segment not found");
}

/**
 * The stored rows of the most recent `limit` cohorts: first the oldest start
 * to keep (a few hundred summary rows), then a range on cohort_start along
 * cohort_cell_recent_idx, so the cells read are those shown and no more.
 */
async function readStored(client: pg.PoolClient, workspaceId: number, period: CohortPeriod, kind: string, value: string | null, limit: number) {
  const cutoff = await client.query<{ cohort_start: string }>(
    `SELECT cohort_start::text FROM cohort_summary
      WHERE workspace_id = $1::int4 AND period_kind = $2::text AND breakdown_kind = $3::text AND ($4::text IS NULL OR breakdown_value = $4::text)
      GROUP BY cohort_start ORDER BY cohort_start DESC OFFSET $5::int4 - 1 LIMIT 1`,
    [workspaceId, period, kind, value, limit],
  );
  const params = [workspaceId, period, kind, value, cutoff.rows[0]?.cohort_start ?? "1900-01-01"];
  const filter = `workspace_id = $1::int4 AND period_kind = $2::text AND breakdown_kind = $3::text
     AND ($4::text IS NULL OR breakdown_value = $4::text) AND cohort_start >= $5::date`;
  const summaries = await client.query<CohortSummaryRow>(
    `SELECT breakdown_kind, breakdown_value, cohort_start::text, customers, repeat_purchase_days::text, expected_repeat_purchase_days
       FROM cohort_summary WHERE ${filter} ORDER BY cohort_start, breakdown_value`,
    params,
  );
  const cells = await client.query<CohortCellRow>(
    `SELECT breakdown_kind, breakdown_value, cohort_start::text, period_index, customers_purchasing, customers_on_or_after, orders, revenue_cents::text
       FROM cohort_cell WHERE ${filter}`,
    params,
  );
  return { summaries: summaries.rows, cells: cells.rows };
}

function recent(summaries: CohortSummaryRow[], limit: number): CohortSummaryRow[] {
  const starts = [...new Set(summaries.map((s) => s.cohort_start))].sort().slice(-limit);
  const keep = new Set(starts);
  return summaries.filter((s) => keep.has(s.cohort_start)).sort((a, b) => a.cohort_start.localeCompare(b.cohort_start) || a.breakdown_value.localeCompare(b.breakdown_value));
}

function assemble(query: CohortQuery, summaries: CohortSummaryRow[], cells: CohortCellRow[], asOf: Date | null, timezone: string): CohortRowView[] {
  const key = (value: string, start: string) => `${value}\u0000${start}`;
  const cellsByCohort = new Map<string, CohortCellCounts[]>();
  for (const c of cells) {
    const list = cellsByCohort.get(key(c.breakdown_value, c.cohort_start)) ?? [];
    list.push({
      periodIndex: c.period_index,
      customersPurchasing: c.customers_purchasing,
      customersOnOrAfter: c.customers_on_or_after,
      orders: c.orders,
      revenueCents: BigInt(c.revenue_cents),
    });
    cellsByCohort.set(key(c.breakdown_value, c.cohort_start), list);
  }
  const today = asOf ? localDate(asOf, timezone) : null;
  return summaries.map((s) => {
    const stored = cellsByCohort.get(key(s.breakdown_value, s.cohort_start)) ?? [];
    const currentIndex = today ? periodIndexOfDate(query.period, s.cohort_start, today) : 0;
    return {
      cohort: s.cohort_start,
      breakdownValue: query.breakdown === "none" ? null : s.breakdown_value,
      cohortSize: s.customers,
      actualRepeatPurchasesPerCustomer: Number(s.repeat_purchase_days) / s.customers,
      expectedRepeatPurchasesPerCustomer: s.expected_repeat_purchase_days === null ? null : s.expected_repeat_purchase_days / s.customers,
      cells: cohortCells(query.metric, s.customers, stored, currentIndex),
    };
  });
}
