import { pool } from "../../db/pool.ts";
import { DEFAULT_GLOBAL_CONTROL_PERCENT } from "./global-control.ts";

export interface GlobalControlView {
  percent: number;
  /** Customers with an open membership row (new customers join within the hour; campaigns leave them out from the start). */
  members: number;
  /** Null while the workspace runs on the default. */
  lastSaved: { at: Date; by: { name: string; email: string } | null } | null;
  /** The latest requested change (the global-control.change job applies it); null when none was ever requested. */
  change: { percent: number; state: "queued" | "running" | "done" | "failed"; requestedAt: Date; finishedAt: Date | null; joined: number | null; left: number | null; error: string | null } | null;
}

/** What Settings → Experiments shows. */
export async function getGlobalControlView(workspaceId: number): Promise<GlobalControlView> {
  const { rows } = await pool.query<{ percent: number | null; updated_by: string | null; updated_at: Date | null; name: string | null; email: string | null; members: number }>(
    `SELECT s.global_control_percent AS percent, s.updated_by, s.updated_at, u.name, u.email,
            (SELECT count(*)::int FROM global_control_member g WHERE g.workspace_id = $1 AND g.to_at IS NULL) AS members
       FROM (SELECT $1::int4 AS workspace_id) w
       LEFT JOIN experiment_settings s ON s.workspace_id = w.workspace_id
       LEFT JOIN app_user u ON u.id = s.updated_by`,
    [workspaceId],
  );
  const row = rows[0]!;
  const { rows: changes } = await pool.query<{ percent: number; state: "queued" | "running" | "done" | "failed"; requested_at: Date; finished_at: Date | null; joined: number | null; left_count: number | null; error: string | null }>(
    `SELECT percent, state, requested_at, finished_at, joined, left_count, error FROM global_control_change WHERE workspace_id = $1 ORDER BY id DESC LIMIT 1`,
    [workspaceId],
  );
  const c = changes[0];
  return {
    change: c ? { percent: c.percent, state: c.state, requestedAt: c.requested_at, finishedAt: c.finished_at, joined: c.joined, left: c.left_count, error: c.error } : null,
    percent: row.percent ?? DEFAULT_GLOBAL_CONTROL_PERCENT,
    members: row.members,
    lastSaved: row.updated_by && row.updated_at ? { at: row.updated_at, by: row.name && row.email ? { name: row.name, email: row.email } : null } : null,
  };
}
