import { requirePermission } from "../../auth/require-permission.ts";
import { pool } from "../../db/pool.ts";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { enqueue } from "../../queue/enqueue.ts";
import { queueProgrammeRefresh } from "../programme/due-programme.ts";
import { loadGlobalControl } from "./global-control.ts";
import { globalControlInputSchema, saveGlobalControl } from "./save-global-control.ts";

export interface RequestedGlobalControlChange {
  percent: number;
  /** False when the percentage already has this value (nothing is queued). */
  changed: boolean;
  changeId: string | null;
}

export function globalControlChangeJobId(changeId: string): string {
  return `global-control-change-${changeId}`;
}

async function refusePending(workspaceId: number): Promise<never> {
  const { rows } = await pool.query<{ percent: number }>(
    `SELECT percent FROM global_control_change WHERE workspace_id = $1 AND state IN ('queued', 'running') ORDER BY id DESC LIMIT 1`,
    [workspaceId],
  );
  throw new AppError("CONFLICT", `A change to ${rows[0]?.percent ?? "another"} % is still being applied. Wait for it to finish, then change the group again.`);
}

/**
 * An admin's change of the global control percentage: recorded as queued and
 * handed to the global-control.change job, which moves the customers (at a
 * million customers that takes longer than a request may). A second change
 * while one is queued or running is refused (CONFLICT, naming it); a value
 * equal to the current one queues nothing.
 */
export async function requestGlobalControlChange(workspaceId: number, actorUserId: string, raw: unknown): Promise<RequestedGlobalControlChange> {
  const input = globalControlInputSchema.parse(raw);
  let changeId: string | null;
  try {
    changeId = await withTransaction(async (client) => {
      await requirePermission(workspaceId, actorUserId, "settings.manage", "Only admins can change the global control group.", client);
      const pending = await client.query(`SELECT 1 FROM global_control_change WHERE workspace_id = $1 AND state IN ('queued', 'running')`, [workspaceId]);
      if (pending.rowCount) return "pending";
      if ((await loadGlobalControl(client, workspaceId)).percent === input.percent) return null;
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO global_control_change (workspace_id, percent, requested_by) VALUES ($1, $2, $3) RETURNING id::text`,
        [workspaceId, input.percent, actorUserId],
      );
      return rows[0]!.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return refusePending(workspaceId);
    throw err;
  }
  if (changeId === "pending") return refusePending(workspaceId);
  if (changeId === null) return { percent: input.percent, changed: false, changeId: null };
  try {
    await enqueue("global-control.change", { workspaceId, changeId }, { jobId: globalControlChangeJobId(changeId), removeOnComplete: true, attempts: 1 });
  } catch (err) {
    // Without a job the change would block every later one: close it, and say so.
    await pool.query(`UPDATE global_control_change SET state = 'failed', finished_at = now(), error = 'The job could not be queued.' WHERE id = $1`, [changeId]);
    throw err;
  }
  return { percent: input.percent, changed: true, changeId };
}

/**
 * The job: marks the change running, applies it with saveGlobalControl (one
 * transaction: the history moves only for the customers the change requires,
 * with its audit entry), and records the outcome; a failure is recorded with
 * its message so the page can tell the admin, and frees the next change. The
 * programme's sums are then queued for a rewrite.
 */
export async function applyGlobalControlChange(workspaceId: number, changeId: string): Promise<{ joined: number; left: number } | null> {
  const { rows } = await pool.query<{ percent: number; requested_by: string | null }>(
    `UPDATE global_control_change SET state = 'running', started_at = now()
      WHERE id = $1 AND workspace_id = $2 AND state IN ('queued', 'running') RETURNING percent, requested_by`,
    [changeId, workspaceId],
  );
  const change = rows[0];
  if (!change) return null;
  try {
    if (!change.requested_by) throw new AppError("FORBIDDEN", "The admin who asked for this change is no longer a member.");
    const saved = await saveGlobalControl(workspaceId, change.requested_by, { percent: change.percent });
    await pool.query(`UPDATE global_control_change SET state = 'done', finished_at = now(), joined = $2, left_count = $3 WHERE id = $1`, [changeId, saved.joined, saved.left]);
    await queueProgrammeRefresh(workspaceId);
    return { joined: saved.joined, left: saved.left };
  } catch (err) {
    const message = err instanceof AppError ? err.message : "The change could not be applied; nothing was changed. Try again.";
    await pool.query(`UPDATE global_control_change SET state = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [changeId, message]);
    if (err instanceof AppError) return null;
    throw err;
  }
}
