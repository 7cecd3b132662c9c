import { pool } from "../../lib/db/pool.ts";
import { JOBS } from "../../lib/queue/jobs.ts";
import { getQueue } from "../../lib/queue/queues.ts";
import type { Processor } from "./registry.ts";

/**
 * How often a dynamic segment's membership is recomputed on schedule. The
 * tick itself runs every 10 minutes (workers/schedules.ts), so a segment is
 * refreshed between 60 and 70 minutes after its previous refresh, whether
 * that one was scheduled or a "Refresh now".
 */
export const SEGMENT_REFRESH_INTERVAL_MINUTES = 60;

/** Same segment and same hourly slot → same job id, so overlapping ticks never queue a refresh twice. */
export function scheduledRefreshJobId(segmentId: number, now: Date, intervalMinutes = SEGMENT_REFRESH_INTERVAL_MINUTES): string {
  const slotMs = intervalMinutes * 60_000;
  const slotStart = Math.floor(now.getTime() / slotMs) * slotMs;
  return `segment-refresh-${segmentId}-${slotStart}`;
}

interface DueSegment {
  id: number;
  workspace_id: number;
}

/** Every dynamic, unarchived segment never refreshed or last refreshed at least one interval ago, oldest first. */
export async function listDueSegments(now: Date, intervalMinutes = SEGMENT_REFRESH_INTERVAL_MINUTES): Promise<DueSegment[]> {
  const res = await pool.query<DueSegment>(
    `SELECT id, workspace_id FROM segment
     WHERE kind = 'DYNAMIC' AND archived_at IS NULL
       AND (last_refreshed_at IS NULL OR last_refreshed_at <= $1::timestamptz - make_interval(mins => $2::int4))
     ORDER BY last_refreshed_at NULLS FIRST, id`,
    [now, intervalMinutes],
  );
  return res.rows;
}

const BATCH = 500;

/** segments.schedule-tick (every 10 minutes): queue a refresh for every dynamic segment that is due. */
export const segmentsScheduleTick: Processor<"segments.schedule-tick"> = async () => {
  const now = new Date();
  const due = await listDueSegments(now);
  const queue = getQueue(JOBS["segment.refresh"].queue);
  for (let i = 0; i < due.length; i += BATCH) {
    await queue.addBulk(
      due.slice(i, i + BATCH).map((s) => ({
        name: "segment.refresh",
        data: JOBS["segment.refresh"].schema.parse({ workspaceId: s.workspace_id, segmentId: s.id }),
        opts: { jobId: scheduledRefreshJobId(s.id, now) },
      })),
    );
  }
  return { queued: due.length };
};
