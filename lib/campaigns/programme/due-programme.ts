import { pool } from "../../db/pool.ts";
import { enqueue, enqueueMany } from "../../queue/enqueue.ts";

/** Orders and membership move all day; the programme's sums are rewritten this often. */
const REFRESH_MINUTES = 60;
const PER_TICK = 20;

export function programmeJobId(workspaceId: number): string {
  return `programme-refresh-${workspaceId}`;
}

/**
 * Queues a programme.refresh for each workspace with customers whose sums are
 * missing or older than an hour. One job per workspace at a time (job id).
 */
export async function queueDueProgrammeRefreshes(): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `SELECT w.id FROM workspace w LEFT JOIN programme_state s ON s.workspace_id = w.id
      WHERE EXISTS (SELECT 1 FROM customer c WHERE c.workspace_id = w.id)
        AND (s.workspace_id IS NULL OR s.refreshed_at < now() - $1 * interval '1 minute')
      ORDER BY s.refreshed_at NULLS FIRST LIMIT ${PER_TICK}`,
    [REFRESH_MINUTES],
  );
  if (rows.length === 0) return 0;
  await enqueueMany(
    "programme.refresh",
    rows.map((r) => ({ payload: { workspaceId: r.id }, jobId: programmeJobId(r.id), options: { removeOnComplete: true } })),
  );
  return rows.length;
}

/** After a change of the global control group: the programme's sums follow at once rather than within the hour. */
export async function queueProgrammeRefresh(workspaceId: number): Promise<void> {
  await enqueue("programme.refresh", { workspaceId }, { jobId: programmeJobId(workspaceId), removeOnComplete: true });
}
