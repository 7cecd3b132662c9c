import { pool } from "../../db/pool.ts";
import { AppError } from "../../errors.ts";

export interface MigrationCell {
  /** Segment at the earlier run; null = not scored then (no orders yet, or a new customer). */
  from: string | null;
  /** Segment at the later run; null = not scored any more (customer or orders deleted). */
  to: string | null;
  customers: number;
}

export interface MigrationMatrix {
  fromRunId: number;
  toRunId: number;
  fromAsOf: string | null;
  toAsOf: string | null;
  cells: MigrationCell[];
}

/**
 * How customers moved between RFM segments from one run to another, as
 * counts per (from, to) pair, from the runs' snapshots. Both runs must be
 * successful RFM runs of the workspace whose snapshots are still kept.
 */
export async function rfmMigrationMatrix(workspaceId: number, fromRunId: number, toRunId: number): Promise<MigrationMatrix> {
  const runs = await pool.query<{ id: number; as_of: string | null }>(
    `SELECT id, params->>'asOf' AS as_of FROM analytics_run
      WHERE workspace_id = $1 AND kind = 'rfm' AND status = 'SUCCEEDED' AND id = ANY ($2::int[])`,
    [workspaceId, [fromRunId, toRunId]],
  );
  const asOf = new Map(runs.rows.map((r) => [r.id, r.as_of]));
  for (const id of [fromRunId, toRunId]) {
    if (!asOf.has(id)) throw new AppError("NOT_FOUND", `RFM run ${id} was not found in this workspace.`);
  }
  const kept = await pool.query<{ run_id: number }>(
    `SELECT DISTINCT run_id FROM rfm_snapshot WHERE workspace_id = $1 AND run_id = ANY ($2::int[])`,
    [workspaceId, [fromRunId, toRunId]],
  );
  const scored = await pool.query<{ id: number }>(
    `SELECT id FROM analytics_run WHERE workspace_id = $1 AND id = ANY ($2::int[]) AND COALESCE((result->>'scoredCustomers')::int, 0) > 0`,
    [workspaceId, [fromRunId, toRunId]],
  );
  const keptIds = new Set(kept.rows.map((r) => r.run_id));
  for (const { id } of scored.rows) {
    if (!keptIds.has(id)) throw new AppError("NOT_FOUND", `The snapshot of RFM run ${id} is no longer kept.`);
  }

  const cells = await pool.query<{ from_segment: string | null; to_segment: string | null; customers: number }>(
    `SELECT a.segment AS from_segment, b.segment AS to_segment, count(*)::int AS customers
       FROM (SELECT customer_id, segment FROM rfm_snapshot WHERE workspace_id = $1 AND run_id = $2) a
       FULL JOIN (SELECT customer_id, segment FROM rfm_snapshot WHERE workspace_id = $1 AND run_id = $3) b
         ON a.customer_id = b.customer_id
      GROUP BY a.segment, b.segment
      ORDER BY a.segment NULLS FIRST, b.segment NULLS FIRST`,
    [workspaceId, fromRunId, toRunId],
  );
  return {
    fromRunId,
    toRunId,
    fromAsOf: asOf.get(fromRunId) ?? null,
    toAsOf: asOf.get(toRunId) ?? null,
    cells: cells.rows.map((r) => ({ from: r.from_segment, to: r.to_segment, customers: r.customers })),
  };
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
