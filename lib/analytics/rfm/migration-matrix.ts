import type pg from "pg";
import { pool } from "../../db/pool.ts";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";

export interface MigrationCell {
  /** Segment at the earlier run; null = not scored then (no orders yet, or a new customer). */
  from: string | null;
  /** Segment at the later run; null = not scored any more (customer or orders deleted). */
  to: string | null;
  customers: number;
}

export interface KeptRfmRun {
  id: number;
  asOf: string | null;
}

export interface MigrationMatrix {
  fromRunId: number;
  toRunId: number;
  fromAsOf: string | null;
  toAsOf: string | null;
  cells: MigrationCell[];
  /**
   * The successful RFM runs whose snapshots are still kept, latest first:
   * moves can be asked for between any two of them. Older runs' snapshots
   * are pruned (settings.analytics.runHistory.rfmSnapshotRuns).
   */
  keptRuns: KeptRfmRun[];
}

const INT4_MAX = 2_147_483_647;
/** The setting's maximum (24) and a margin: the kept runs are always among these. */
const KEPT_RUNS_LOOKED_AT = 30;

/**
 * How customers moved between RFM segments from one run to another, as
 * counts per (from, to) pair, from the runs' snapshots. Both runs must be
 * successful RFM runs of the workspace whose snapshots are still kept; a run
 * that is not gives NOT_FOUND saying which and why (pruned or unknown). All
 * reads share one snapshot, so a run publishing (and pruning) meanwhile cannot
 * make the counts disagree with the checks.
 */
export async function rfmMigrationMatrix(workspaceId: number, fromRunId: number, toRunId: number): Promise<MigrationMatrix> {
  for (const id of [fromRunId, toRunId]) {
    // Past int4 the id cannot exist, and Postgres would refuse the parameter with an error.
    if (!Number.isInteger(id) || id < 1 || id > INT4_MAX) throw new AppError("NOT_FOUND", `RFM run ${id} was not found in this workspace.`);
  }
  return withTransaction(
    async (client) => {
      await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      const runs = await client.query<{ id: number; as_of: string | null; kept: boolean }>(
        `SELECT r.id, r.params->>'asOf' AS as_of, ${KEPT_SQL} AS kept
           FROM analytics_run r
          WHERE r.workspace_id = $1 AND r.kind = 'rfm' AND r.status = 'SUCCEEDED' AND r.id = ANY ($2::int[])`,
        [workspaceId, [fromRunId, toRunId]],
      );
      const byId = new Map(runs.rows.map((r) => [r.id, r]));
      for (const id of [fromRunId, toRunId]) {
        if (!byId.has(id)) throw new AppError("NOT_FOUND", `RFM run ${id} was not found in this workspace.`);
      }
      const keptRuns = await keptRfmRunsOn(client, workspaceId);
      for (const id of [fromRunId, toRunId]) {
        if (byId.get(id)?.kept) continue;
        const kept = keptRuns.map((r) => r.id).join(", ") || "none";
        throw new AppError(
          "NOT_FOUND",
          `RFM run ${id}'s snapshot was pruned: this workspace keeps the snapshots of its most recent RFM runs only ` +
            `(analytics settings, runHistory.rfmSnapshotRuns). Segment moves can be shown between the kept runs: ${kept}.`,
          { runId: id, keptRunIds: keptRuns.map((r) => r.id) },
        );
      }

      // Each run stored its moves from the runs kept when it published (movesFromKept in its aggregate; runs from
      // before that, only movesFromPrevious): a pair of kept runs reads the later run's stored counts, turned
      // around when the pair is asked latest first. Only runs published before either was stored join snapshots.
      const cells = (await storedMoves(client, workspaceId, fromRunId, toRunId)) ?? (await snapshotMoves(client, workspaceId, fromRunId, toRunId));
      return {
        fromRunId,
        toRunId,
        fromAsOf: byId.get(fromRunId)?.as_of ?? null,
        toAsOf: byId.get(toRunId)?.as_of ?? null,
        cells,
        keptRuns,
      };
    },
    { readOnly: true },
  );
}

async function storedMoves(client: pg.PoolClient, workspaceId: number, fromRunId: number, toRunId: number): Promise<MigrationCell[] | null> {
  const res = await client.query<{ id: number; previous: StoredMoves | null; kept: StoredMoves[] | null }>(
    `SELECT r.id, r.result->'movesFromPrevious' AS previous, a.data->'movesFromKept' AS kept
       FROM analytics_run r LEFT JOIN analytics_run_aggregate a ON a.run_id = r.id
      WHERE r.workspace_id = $1 AND r.id = ANY ($2::int[])`,
    [workspaceId, [fromRunId, toRunId]],
  );
  const find = (later: number, earlier: number) => {
    const row = res.rows.find((r) => r.id === later);
    return [...(row?.kept ?? []), ...(row?.previous ? [row.previous] : [])].find((m) => m.fromRunId === earlier)?.cells ?? null;
  };
  const forward = find(toRunId, fromRunId);
  if (forward) return forward;
  const backward = find(fromRunId, toRunId);
  return backward ? backward.map((c) => ({ from: c.to, to: c.from, customers: c.customers })) : null;
}

/** What an RFM run stores about its moves from the run before it. */
export interface StoredMoves {
  fromRunId: number;
  cells: MigrationCell[];
}

/** Customers per (from, to) segment pair between two runs' snapshots: a join of two full snapshots, so once per run, not per view. */
export async function snapshotMoves(client: Pick<pg.PoolClient, "query">, workspaceId: number, fromRunId: number, toRunId: number): Promise<MigrationCell[]> {
  const res = await client.query<{ from_segment: string | null; to_segment: string | null; customers: number }>(
    `SELECT a.segment AS from_segment, b.segment AS to_segment, count(*)::int AS customers
       FROM (SELECT customer_id, segment FROM rfm_snapshot WHERE workspace_id = $1 AND run_id = $2) a
       FULL JOIN (SELECT customer_id, segment FROM rfm_snapshot WHERE workspace_id = $1 AND run_id = $3) b
         ON a.customer_id = b.customer_id
      GROUP BY a.segment, b.segment
      ORDER BY a.segment NULLS FIRST, b.segment NULLS FIRST`,
    [workspaceId, fromRunId, toRunId],
  );
  return res.rows.map((r) => ({ from: r.from_segment, to: r.to_segment, customers: r.customers }));
}

/**
 * A run's snapshot is kept when it has rows; a run that scored nobody has none
 * to prune and stays comparable. One index probe per run (the primary key
 * starts with run_id).
 */
const KEPT_SQL = `(COALESCE((r.result->>'scoredCustomers')::int, 0) = 0
   OR EXISTS (SELECT 1 FROM rfm_snapshot s WHERE s.run_id = r.id AND s.workspace_id = r.workspace_id))`;

/** The successful RFM runs whose snapshots are kept, latest first. */
export async function keptRfmRuns(workspaceId: number): Promise<KeptRfmRun[]> {
  return keptRfmRunsOn(pool, workspaceId);
}

export async function keptRfmRunsOn(client: Pick<pg.Pool | pg.PoolClient, "query">, workspaceId: number): Promise<KeptRfmRun[]> {
  const res = await client.query<{ id: number; as_of: string | null }>(
    `SELECT r.id, r.as_of
       FROM (SELECT id, workspace_id, result, params->>'asOf' AS as_of, created_at FROM analytics_run
              WHERE workspace_id = $1 AND kind = 'rfm' AND status = 'SUCCEEDED'
              ORDER BY created_at DESC, id DESC LIMIT ${KEPT_RUNS_LOOKED_AT}) r
      WHERE ${KEPT_SQL}
      ORDER BY r.created_at DESC, r.id DESC`,
    [workspaceId],
  );
  return res.rows.map((r) => ({ id: r.id, asOf: r.as_of }));
}

/** The two most recent successful RFM runs (latest first), for a default "since last run" view. */
export async function latestRfmRunIds(workspaceId: number): Promise<number[]> {
  const res = await pool.query<{ id: number }>(
    `SELECT id FROM analytics_run WHERE workspace_id = $1 AND kind = 'rfm' AND status = 'SUCCEEDED'
      ORDER BY created_at DESC, id DESC LIMIT 2`,
    [workspaceId],
  );
  return res.rows.map((r) => r.id);
}
