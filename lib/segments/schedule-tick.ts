import { pool } from "../db/pool.ts";
import { enqueueMany } from "../queue/enqueue.ts";

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

export interface TickOptions {
  now?: Date;
  /** Only these workspaces (tests); every workspace when omitted. */
  workspaceIds?: number[];
}

/** Every dynamic, unarchived segment never refreshed or last refreshed at least one interval ago, oldest first. */
export async function listDueSegments(options: TickOptions = {}): Promise<DueSegment[]> {
  const res = await pool.query<DueSegment>(
    `SELECT id, workspace_id FROM segment
     WHERE kind = 'DYNAMIC' AND archived_at IS NULL
       AND (last_refreshed_at IS NULL OR last_refreshed_at <= $1::timestamptz - make_interval(mins => $2::int4))
       AND ($3::int4[] IS NULL OR workspace_id = ANY($3::int4[]))
     ORDER BY last_refreshed_at NULLS FIRST, id`,
    [options.now ?? new Date(), SEGMENT_REFRESH_INTERVAL_MINUTES, options.workspaceIds ?? null],
  );
  return res.rows;
}

const BATCH = 500;

/** Queues a refresh for every due segment; returns the job ids asked for (existing ids are not queued again). */
export async function runSegmentsScheduleTick(options: TickOptions = {}): Promise<{ jobIds: string[] }> {
  const now = options.now ?? new Date();
  const due = await listDueSegments({ ...options, now });
  const jobIds: string[] = [];
  for (let i = 0; i < due.length; i += BATCH) {
    const jobs = due.slice(i, i + BATCH).map((s) => ({
      payload: { workspaceId: s.workspace_id, segmentId: s.id },
      jobId: scheduledRefreshJobId(s.id, now),
    }));
    jobIds.push(...(await enqueueMany("segment.refresh", jobs)));
  }
  return { jobIds };
}
