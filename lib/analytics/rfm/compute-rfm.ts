import type pg from "pg";
import { EXCLUDED_ORDER_STATUSES, METRICS_WRITE_LOCK } from "../runs/counted-orders.ts";
import { ANALYTICS_WORK_MEM, withDedicatedClient } from "../runs/dedicated-client.ts";
import { RFM_SNAPSHOT_RUNS } from "../recompute/analytics-settings.schema.ts";
import { markRunSucceeded } from "../runs/run-records.ts";
import type { RfmSettings } from "./rfm-settings.schema.ts";
import {
  BUILD_RFM_STAGE,
  PRUNE_RFM_SNAPSHOTS,
  RFM_SCORE_RANGES,
  RFM_SEGMENT_COUNTS,
  UPSERT_RFM_METRICS,
  WRITE_RFM_SNAPSHOT,
} from "./rfm-sql.ts";
import { WRITE_RFM_RUN_AGGREGATE } from "../dashboard/run-aggregates-sql.ts";
import { segmentGrid } from "./segment-grid.ts";
import { keptRfmRunsOn, snapshotMoves, type StoredMoves } from "./migration-matrix.ts";

export type RfmStep = "stage" | "snapshot" | "metrics" | "summary";

export interface RfmRunInput {
  workspaceId: number;
  runId: number;
  /** Orders after this instant are ignored; recency is counted up to it. */
  asOf: Date;
  /** IANA zone of the workspace: recency is in its calendar days. */
  timezone: string;
  settings: RfmSettings;
  /**
   * Snapshots of this many latest successful runs (this one included) are
   * kept; older ones are deleted. Default: the setting's default.
   */
  snapshotRunsKept?: number;
  onProgress?: (percent: number) => Promise<void>;
  /**
   * Called inside the open transaction after each step. Tests throw here (or
   * kill the connection) to prove a crash leaves the previous results intact.
   */
  afterStep?: (step: RfmStep, client: pg.PoolClient) => Promise<void>;
}

export interface ScoreRange {
  score: number;
  min: string;
  max: string;
  customers: number;
}

export interface RfmRunResult {
  customers: number;
  scoredCustomers: number;
  snapshotRows: number;
  /** Snapshot rows of older runs deleted by this run (retention). */
  prunedSnapshotRows: number;
  segments: Record<string, number>;
  scoreRanges: { r: ScoreRange[]; f: ScoreRange[]; m: ScoreRange[] };
  /** Customers per segment move since the previous successful run (null for a first run), read by the RFM page. */
  movesFromPrevious: StoredMoves | null;
  /** Time spent writing the dashboards' aggregate of this run (analytics_run_aggregate). */
  dashboardAggregateMs: number;
}

/** What the run record keeps as "the rule used", so old runs stay explainable after settings change. */
export function rfmRunParams(input: Pick<RfmRunInput, "asOf" | "timezone" | "settings" | "snapshotRunsKept">): Record<string, unknown> {
  return {
    asOf: input.asOf.toISOString(),
    timezone: input.timezone,
    scoreRule: "ceil(5 * (below + ties / 2) / n) over customers with orders; ties share a score",
    recency: "calendar days in the workspace time zone from the last order to as-of; most recent = 5",
    frequency: "number of counted orders",
    monetary: "sum of counted order totals",
    excludedOrderStatuses: EXCLUDED_ORDER_STATUSES,
    secondAxis: input.settings.secondAxis,
    segments: input.settings.segments,
    snapshotRunsKept: input.snapshotRunsKept ?? RFM_SNAPSHOT_RUNS.default,
  };
}

/**
 * Computes RFM for every customer of a workspace and publishes it in one
 * transaction: the stage table, the run's snapshot, the customer_metrics
 * upsert, the run's SUCCEEDED mark and the deletion of snapshots past the
 * retention commit together or not at all, so a crash at any point leaves
 * the previous run's results (and snapshots) readable and whole.
 * Repeating a run with the same as-of writes the same values.
 */
export async function computeRfm(input: RfmRunInput): Promise<RfmRunResult> {
  const { workspaceId, runId } = input;
  const snapshotRunsKept = input.snapshotRunsKept ?? RFM_SNAPSHOT_RUNS.default;
  const grid = segmentGrid(input.settings.segments);
  const progress = input.onProgress ?? (async () => undefined);
  const afterStep = input.afterStep ?? (async () => undefined);

  return withDedicatedClient(async (client) => {
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock($1, $2)", [METRICS_WRITE_LOCK, workspaceId]);
      await client.query("SELECT set_config('work_mem', $1, true)", [ANALYTICS_WORK_MEM]);

      await client.query(BUILD_RFM_STAGE, [
        workspaceId,
        input.asOf,
        input.timezone,
        EXCLUDED_ORDER_STATUSES,
        grid,
        input.settings.secondAxis === "frequency",
      ]);
      await client.query("ANALYZE rfm_stage");
      await afterStep("stage", client);
      await progress(40);

      await client.query("DELETE FROM rfm_snapshot WHERE workspace_id = $1 AND run_id = $2", [workspaceId, runId]);
      const snapshot = await client.query(WRITE_RFM_SNAPSHOT, [workspaceId, runId]);
      await afterStep("snapshot", client);
      await progress(60);

      const metrics = await client.query(UPSERT_RFM_METRICS, [workspaceId, runId]);
      await afterStep("metrics", client);
      await progress(85);

      const summary = await summarise(client, metrics.rowCount ?? 0, snapshot.rowCount ?? 0);
      const movesFromPrevious = await movesFromPreviousRun(client, workspaceId, runId);
      const pruned = await client.query(PRUNE_RFM_SNAPSHOTS, [workspaceId, runId, snapshotRunsKept]);
      const aggregateStarted = performance.now();
      await client.query(WRITE_RFM_RUN_AGGREGATE, [workspaceId, runId]);
      await storeMovesFromKeptRuns(client, workspaceId, runId, movesFromPrevious);
      const dashboardAggregateMs = Math.round(performance.now() - aggregateStarted);
      const result: RfmRunResult = { ...summary, movesFromPrevious, prunedSnapshotRows: pruned.rowCount ?? 0, dashboardAggregateMs };
      await markRunSucceeded(client, workspaceId, runId, rfmRunParams(input), { ...result });
      await afterStep("summary", client);
      await client.query("COMMIT");
      await progress(100);
      return result;
    } catch (err) {
      // Nothing was published; if the connection itself is gone the server has already rolled back.
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
  });
}

/** Moves from the latest earlier successful run, computed once here so no page view joins two snapshots. */
async function movesFromPreviousRun(client: pg.PoolClient, workspaceId: number, runId: number): Promise<StoredMoves | null> {
  const previous = await client.query<{ id: number }>(
    `SELECT id FROM analytics_run WHERE workspace_id = $1 AND kind = 'rfm' AND status = 'SUCCEEDED' AND id <> $2
      ORDER BY created_at DESC, id DESC LIMIT 1`,
    [workspaceId, runId],
  );
  const fromRunId = previous.rows[0]?.id;
  return fromRunId === undefined ? null : { fromRunId, cells: await snapshotMoves(client, workspaceId, fromRunId, runId) };
}

/**
 * Moves from every other run whose snapshot stays kept after this run's
 * pruning, stored in this run's aggregate (movesFromKept), so the RFM page's
 * comparison of any two kept runs reads stored counts: the later run of the
 * pair holds them (a snapshot kept now was kept when any later run
 * published). One snapshot join per kept run (runHistory.rfmSnapshotRuns − 1,
 * 2 by default), each of a size the run's own snapshot write already paid.
 */
async function storeMovesFromKeptRuns(client: pg.PoolClient, workspaceId: number, runId: number, previous: StoredMoves | null): Promise<void> {
  const moves: StoredMoves[] = [];
  for (const kept of await keptRfmRunsOn(client, workspaceId)) {
    if (kept.id === runId) continue;
    moves.push(previous?.fromRunId === kept.id ? previous : { fromRunId: kept.id, cells: await snapshotMoves(client, workspaceId, kept.id, runId) });
  }
  await client.query(
    `UPDATE analytics_run_aggregate SET data = data || jsonb_build_object('movesFromKept', $3::jsonb) WHERE run_id = $2 AND workspace_id = $1`,
    [workspaceId, runId, JSON.stringify(moves)],
  );
}

async function summarise(client: pg.PoolClient, customers: number, snapshotRows: number): Promise<Omit<RfmRunResult, "prunedSnapshotRows" | "movesFromPrevious" | "dashboardAggregateMs">> {
  const segments = await client.query<{ segment: string; customers: number }>(RFM_SEGMENT_COUNTS);
  const ranges = await client.query<{ dimension: "r" | "f" | "m"; score: number; min: string; max: string; customers: number }>(
    RFM_SCORE_RANGES,
  );
  const scoreRanges: RfmRunResult["scoreRanges"] = { r: [], f: [], m: [] };
  for (const row of ranges.rows) {
    scoreRanges[row.dimension].push({ score: row.score, min: row.min, max: row.max, customers: row.customers });
  }
  const bySegment = Object.fromEntries(segments.rows.map((row) => [row.segment, row.customers]));
  const scoredCustomers = segments.rows.reduce((sum, row) => sum + row.customers, 0);
  return { customers, scoredCustomers, snapshotRows, segments: bySegment, scoreRanges };
}
