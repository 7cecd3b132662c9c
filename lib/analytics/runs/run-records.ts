import type pg from "pg";
import { pool } from "../../db/pool.ts";

/**
 * Life cycle of an analytics_run row: QUEUED (requestRecompute) → RUNNING
 * (worker picked it up) → SUCCEEDED (set in the same transaction that swaps the
 * results in) or FAILED. A failed attempt that BullMQ will retry goes back to
 * QUEUED, never FAILED → RUNNING, because the partial unique index allows one
 * queued-or-running run per workspace and kind, and a newer run may exist.
 */

export type AnalyticsKind = "rfm" | "clv" | "clusters";
export type RunTrigger = "schedule" | "manual" | "import";

export interface StartedRun {
  id: number;
  workspaceId: number;
  kind: AnalyticsKind;
  trigger: RunTrigger;
  params: Record<string, unknown>;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/**
 * Claims a run for execution. Returns null when the run is already finished
 * (a duplicate or late retry of a job that succeeded): the caller skips it.
 */
export async function markRunStarted(workspaceId: number, runId: number, kind: AnalyticsKind): Promise<StartedRun | null> {
  const res = await pool.query<{ id: number; workspace_id: number; kind: AnalyticsKind; trigger: RunTrigger; params: Record<string, unknown> }>(
    `UPDATE analytics_run
        SET status = 'RUNNING', started_at = now(), finished_at = NULL, progress = 0, error = NULL
      WHERE id = $1 AND workspace_id = $2 AND kind = $3 AND status IN ('QUEUED', 'RUNNING')
      RETURNING id, workspace_id, kind, trigger, params`,
    [runId, workspaceId, kind],
  );
  const row = res.rows[0];
  return row ? { id: row.id, workspaceId: row.workspace_id, kind: row.kind, trigger: row.trigger, params: row.params } : null;
}

/**
 * Progress goes through the pool (its own autocommit connection), not the
 * run's transaction, so the page sees it while the transaction is open.
 */
export async function reportRunProgress(workspaceId: number, runId: number, percent: number): Promise<void> {
  await pool.query(`UPDATE analytics_run SET progress = $3 WHERE id = $1 AND workspace_id = $2 AND status = 'RUNNING'`, [
    runId,
    workspaceId,
    Math.max(0, Math.min(100, percent)),
  ]);
}

/** Final bookkeeping, run inside the transaction that publishes the results. */
export async function markRunSucceeded(
  tx: Queryable,
  workspaceId: number,
  runId: number,
  params: Record<string, unknown>,
  result: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `UPDATE analytics_run
        SET status = 'SUCCEEDED', progress = 100, finished_at = now(), error = NULL, params = $3::jsonb, result = $4::jsonb
      WHERE id = $1 AND workspace_id = $2`,
    [runId, workspaceId, JSON.stringify(params), JSON.stringify(result)],
  );
}

/** Records a failed attempt; back to QUEUED when BullMQ will try again. */
export async function markRunFailed(workspaceId: number, runId: number, message: string, willRetry: boolean): Promise<void> {
  await pool.query(
    `UPDATE analytics_run
        SET status = CASE WHEN $3::boolean THEN 'QUEUED' ELSE 'FAILED' END::"RunStatus",
            error = $4,
            finished_at = CASE WHEN $3::boolean THEN NULL ELSE now() END
      WHERE id = $1 AND workspace_id = $2 AND status IN ('QUEUED', 'RUNNING')`,
    [runId, workspaceId, willRetry, willRetry ? `Attempt failed, retrying: ${message}` : message],
  );
}

/**
 * A run that has been queued or running this long is taken as lost (its job
 * vanished with a flushed Redis, or every worker died mid-run): it is marked
 * FAILED so a new request is not blocked forever behind it.
 */
export const STALE_RUN_HOURS = 6;

/**
 * The workspace's active (queued or running) run of a kind, creating a QUEUED
 * one when there is none. The partial unique index makes this race-free: two
 * concurrent requests get the same run.
 */
export async function createOrGetActiveRun(
  workspaceId: number,
  kind: AnalyticsKind,
  trigger: RunTrigger,
  params: Record<string, unknown>,
  client: Pick<pg.PoolClient, "query"> = pool,
): Promise<{ runId: number; created: boolean }> {
  await client.query(
    `UPDATE analytics_run
        SET status = 'FAILED', finished_at = now(),
            error = 'No worker finished this run within ' || $3::int || ' hours; it was abandoned.'
      WHERE workspace_id = $1 AND kind = $2 AND status IN ('QUEUED', 'RUNNING')
        AND COALESCE(started_at, created_at) < now() - make_interval(hours => $3::int)`,
    [workspaceId, kind, STALE_RUN_HOURS],
  );
  // A run can finish between the insert that found it and the select; a second pass then creates one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await client.query<{ id: number }>(
      `INSERT INTO analytics_run (workspace_id, kind, status, trigger, params)
       VALUES ($1, $2, 'QUEUED', $3, $4::jsonb)
       ON CONFLICT (workspace_id, kind) WHERE status IN ('QUEUED', 'RUNNING') DO NOTHING
       RETURNING id`,
      [workspaceId, kind, trigger, JSON.stringify(params)],
    );
    const created = inserted.rows[0];
    if (created) return { runId: created.id, created: true };
    const active = await client.query<{ id: number }>(
      `SELECT id FROM analytics_run WHERE workspace_id = $1 AND kind = $2 AND status IN ('QUEUED', 'RUNNING')`,
      [workspaceId, kind],
    );
    const existing = active.rows[0];
    if (existing) return { runId: existing.id, created: false };
  }
  throw new Error(`Could not create or find an active ${kind} run for workspace ${workspaceId}.`);
}
