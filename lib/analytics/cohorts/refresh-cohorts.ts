import { withTransaction } from "../../db/transaction.ts";
import { ANALYTICS_WORK_MEM } from "../runs/dedicated-client.ts";
import { buildCohortTables, dropCohortTables, forecastByAge } from "./build-cohorts.ts";
import { loadCohortForecastModel } from "./cohort-forecast.ts";
import { COHORT_PERIODS } from "./cohort-query.schema.ts";
import { COHORT_CELLS_SQL, cohortSummarySql } from "./cohort-sql.ts";

export interface CohortRefreshResult {
  cells: number;
  cohorts: number;
  forecastModel: string | null;
  durationMs: number;
}

/**
 * Rewrites a workspace's cohort aggregates (both period kinds, every
 * breakdown) from the order timelines, set-based, in one transaction: readers
 * see the previous aggregates until it commits, and a failure leaves them as
 * they were. Refreshes of one workspace take turns (advisory lock), so two
 * jobs finishing together cannot interleave their deletes and inserts.
 */
export async function refreshCohorts(workspaceId: number, options: { asOf?: Date } = {}): Promise<CohortRefreshResult | null> {
  const started = performance.now();
  return withTransaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('cohort_refresh'), $1::int4)", [workspaceId]);
    const ws = await client.query<{ timezone: string }>("SELECT timezone FROM workspace WHERE id = $1::int4", [workspaceId]);
    const timezone = ws.rows[0]?.timezone;
    if (!timezone) return null;
    await client.query("SELECT set_config('work_mem', $1, true)", [ANALYTICS_WORK_MEM]);
    const asOf = options.asOf ?? new Date();
    const forecast = await loadCohortForecastModel(client, workspaceId);
    await client.query("DELETE FROM cohort_cell WHERE workspace_id = $1::int4", [workspaceId]);
    await client.query("DELETE FROM cohort_summary WHERE workspace_id = $1::int4", [workspaceId]);

    let cells = 0;
    let cohorts = 0;
    for (const period of COHORT_PERIODS) {
      await buildCohortTables(client, { workspaceId, timezone, period, asOf, segmentId: null, breakdownKind: null });
      const insertedCells = await client.query(
        `INSERT INTO cohort_cell (workspace_id, period_kind, breakdown_kind, breakdown_value, cohort_start, period_index,
                                  customers_purchasing, customers_on_or_after, orders, revenue_cents)
         SELECT $1::int4, $2::text, breakdown_kind, breakdown_value, cohort_start, period_index,
                customers_purchasing, customers_on_or_after, orders, revenue_cents
           FROM (${COHORT_CELLS_SQL}) cells`,
        [workspaceId, period],
      );
      const { ages, expected } = await forecastByAge(client, forecast);
      const insertedCohorts = await client.query(
        `INSERT INTO cohort_summary (workspace_id, period_kind, breakdown_kind, breakdown_value, cohort_start, customers,
                                     repeat_purchase_days, expected_repeat_purchase_days)
         SELECT $1::int4, $2::text, s.* FROM (${cohortSummarySql(3)}) s`,
        [workspaceId, period, ages, expected],
      );
      cells += insertedCells.rowCount ?? 0;
      cohorts += insertedCohorts.rowCount ?? 0;
      await dropCohortTables(client);
    }

    const durationMs = Math.round(performance.now() - started);
    await client.query(
      `INSERT INTO cohort_refresh (workspace_id, refreshed_at, timezone, clv_run_id, forecast_model, duration_ms)
       VALUES ($1::int4, $2::timestamptz, $3::text, $4::int4, $5::text, $6::int4)
       ON CONFLICT (workspace_id) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, timezone = EXCLUDED.timezone,
         clv_run_id = EXCLUDED.clv_run_id, forecast_model = EXCLUDED.forecast_model, duration_ms = EXCLUDED.duration_ms`,
      [workspaceId, asOf, timezone, forecast?.clvRunId ?? null, forecast?.model ?? null, durationMs],
    );
    return { cells, cohorts, forecastModel: forecast?.model ?? null, durationMs };
  });
}
