import type { Job } from "bullmq";
import { db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { enqueue } from "../queue/enqueue.ts";
import { JOBS } from "../queue/jobs.ts";
import { getQueue } from "../queue/queues.ts";
import type { RefreshStatus } from "./segment-views.ts";

/**
 * "Refresh now" requests share one job id per segment, so double clicks and
 * several people pressing it at once queue one refresh. Finished jobs keep
 * their id in Redis for a while (removeOnComplete), so a finished one is
 * removed before the id is used again.
 */
export function manualRefreshJobId(segmentId: number): string {
  return `segment-refresh-${segmentId}-manual`;
}

const PENDING = new Set(["waiting", "delayed", "prioritized", "waiting-children", "active"]);

function queue() {
  return getQueue(JOBS["segment.refresh"].queue);
}

function belongsTo(job: Job, workspaceId: number, segmentId: number): boolean {
  const data = job.data as { workspaceId?: unknown; segmentId?: unknown } | undefined;
  return data?.workspaceId === workspaceId && data?.segmentId === segmentId;
}

/** Queues a refresh of a dynamic segment unless one is already queued or running. */
export async function requestSegmentRefresh(workspaceId: number, segmentId: number): Promise<void> {
  const jobId = manualRefreshJobId(segmentId);
  try {
    const existing = await queue().getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (PENDING.has(state)) return;
      await existing.remove();
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // A job that started between the two calls cannot be removed: it is the refresh asked for.
    const again = await queue()
      .getJob(jobId)
      .catch(() => undefined);
    if (again && PENDING.has(await again.getState().catch(() => "unknown"))) return;
    throw new AppError("UNAVAILABLE", "The job queue is unavailable right now. Try again shortly.");
  }
  await enqueue("segment.refresh", { workspaceId, segmentId }, { jobId });
}

function progressOf(job: Job): number {
  return typeof job.progress === "number" ? job.progress : 0;
}

/**
 * Where the segment's refresh stands: a manual request (queued, running,
 * failed since the last good refresh), or a scheduled refresh running now.
 */
export async function readRefreshStatus(workspaceId: number, segmentId: number): Promise<RefreshStatus> {
  const segment = await db.segment.findFirst({ where: { id: segmentId, workspaceId }, select: { size: true, lastRefreshedAt: true } });
  if (!segment) throw new AppError("NOT_FOUND", "Segment not found");
  const base: RefreshStatus = {
    state: "idle",
    progress: 0,
    jobId: null,
    error: null,
    size: segment.size,
    lastRefreshedAt: segment.lastRefreshedAt?.toISOString() ?? null,
  };
  try {
    const job = await queue().getJob(manualRefreshJobId(segmentId));
    if (job && belongsTo(job, workspaceId, segmentId)) {
      const state = await job.getState();
      const finishedAfterLastRefresh = job.finishedOn !== undefined && (!segment.lastRefreshedAt || job.finishedOn > segment.lastRefreshedAt.getTime());
      if (state === "active") return { ...base, state: "running", progress: progressOf(job), jobId: job.id ?? null };
      if (PENDING.has(state)) return { ...base, state: "queued", jobId: job.id ?? null };
      if (state === "failed" && finishedAfterLastRefresh) return { ...base, state: "failed", jobId: job.id ?? null, error: job.failedReason || "The refresh failed." };
      const skipped = (job.returnvalue as { skipped?: unknown } | null)?.skipped;
      if (state === "completed" && typeof skipped === "string") return { ...base, state: "failed", jobId: job.id ?? null, error: skipped };
      if (state === "completed" && job.finishedOn !== undefined && Date.now() - job.finishedOn < 60_000) {
        return { ...base, state: "succeeded", progress: 100, jobId: job.id ?? null };
      }
    }
    // Scheduled refreshes have per-slot ids; a running one is found among the few active jobs.
    const active = await queue().getJobs(["active"], 0, 99);
    const running = active.find((j) => j.name === "segment.refresh" && belongsTo(j, workspaceId, segmentId));
    if (running) return { ...base, state: "running", progress: progressOf(running), jobId: running.id ?? null };
    return base;
  } catch {
    return { ...base, error: "The job queue is unavailable right now; refresh status is unknown." };
  }
}
