import type pg from "pg";
import { pool } from "../../db/pool.ts";
import { withTransaction } from "../../db/transaction.ts";
import { BUCKETS, globalControlSalt } from "./bucket.ts";
import { DEFAULT_GLOBAL_CONTROL_PERCENT } from "./global-control.ts";

// pg_advisory_xact_lock(namespace, workspace): the global control group's settings and history change one at a time.
const GLOBAL_CONTROL_LOCK_NAMESPACE = 7_304;

/** Takes the workspace's global control lock until the transaction ends: whoever changes its settings or history holds it. */
export async function lockGlobalControl(client: Pick<pg.ClientBase, "query">, workspaceId: number): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock($1::int4, $2::int4)`, [GLOBAL_CONTROL_LOCK_NAMESPACE, workspaceId]);
}
/** New customers get their membership row within this long (planning reads the bucket itself, so none is ever sent meanwhile). */
const RECONCILE_EVERY_MINUTES = 60;

export interface MembershipMoves {
  joined: number;
  left: number;
}

/**
 * Brings the membership history in line with the bucket rule (customers whose
 * global bucket is below percent × 100 are in): opens a row for each customer
 * who should be in and has no open row, from when they became a member (the
 * later of the percentage's start and their creation), and closes the open
 * row of each who should no longer be in. Touches only customers whose
 * membership differs, so a change of percentage moves exactly the buckets
 * between the old and the new value. Runs on the caller's transaction, which
 * holds the workspace's lock.
 */
export async function reconcileGlobalControl(client: pg.PoolClient, workspaceId: number): Promise<MembershipMoves> {
  const { rows } = await client.query<{ joined: number; left: number }>(
    `WITH settings AS (
       SELECT coalesce(s.global_control_percent, $3::int4) AS percent, coalesce(s.percent_since, w.created_at) AS since
         FROM workspace w LEFT JOIN experiment_settings s ON s.workspace_id = w.id WHERE w.id = $1::int4
     ),
     left_group AS (
       UPDATE global_control_member g SET to_at = now()
         FROM settings
        WHERE g.workspace_id = $1::int4 AND g.to_at IS NULL AND valueloop_bucket($2::text, g.customer_id) >= settings.percent * $4::int4
       RETURNING g.customer_id
     ),
     joined AS (
       INSERT INTO global_control_member (workspace_id, customer_id, from_at)
       SELECT $1::int4, c.id, greatest(c.created_at, settings.since)
         FROM customer c, settings
        WHERE c.workspace_id = $1::int4 AND valueloop_bucket($2::text, c.id) < settings.percent * $4::int4
          AND NOT EXISTS (SELECT 1 FROM global_control_member g WHERE g.workspace_id = $1::int4 AND g.customer_id = c.id AND g.to_at IS NULL)
       ON CONFLICT (workspace_id, customer_id) WHERE to_at IS NULL DO NOTHING
       RETURNING customer_id
     )
     SELECT (SELECT count(*) FROM joined)::int AS joined, (SELECT count(*) FROM left_group)::int AS left`,
    [workspaceId, globalControlSalt(workspaceId), DEFAULT_GLOBAL_CONTROL_PERCENT, BUCKETS / 100],
  );
  await client.query(
    `INSERT INTO experiment_settings (workspace_id, percent_since, members_reconciled_at)
     SELECT id, created_at, now() FROM workspace WHERE id = $1
     ON CONFLICT (workspace_id) DO UPDATE SET members_reconciled_at = now()`,
    [workspaceId],
  );
  return rows[0]!;
}

/**
 * The campaigns tick's share: one workspace whose history was not brought up
 * to date within the hour (new customers since), most overdue first.
 */
export async function reconcileDueGlobalControl(): Promise<{ workspaceId: number; moves: MembershipMoves } | null> {
  const { rows } = await pool.query<{ id: number }>(
    `SELECT w.id FROM workspace w LEFT JOIN experiment_settings s ON s.workspace_id = w.id
      WHERE s.members_reconciled_at IS NULL OR s.members_reconciled_at < now() - $1 * interval '1 minute'
      ORDER BY s.members_reconciled_at NULLS FIRST LIMIT 1`,
    [RECONCILE_EVERY_MINUTES],
  );
  const workspaceId = rows[0]?.id;
  if (workspaceId === undefined) return null;
  const moves = await withTransaction(async (client) => {
    await lockGlobalControl(client, workspaceId);
    return reconcileGlobalControl(client, workspaceId);
  });
  return { workspaceId, moves };
}
