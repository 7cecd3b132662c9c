import { enqueue } from "../../queue/enqueue.ts";

/** Requests within one window share a refresh, which runs when the window closes. */
const WINDOW_MS = 5_000;

/**
 * Asks a worker to rewrite the workspace's cohort aggregates. Every request
 * made within a 5-second window maps to one delayed job that starts when the
 * window closes, so a burst (an import finishing beside an RFM and a CLV run)
 * costs one refresh, and that refresh starts after the last request of its
 * window: it always sees the data the requester had just written. A request
 * that cannot reach Redis fails, so the caller's job is retried.
 */
export async function requestCohortRefresh(workspaceId: number, now = Date.now()): Promise<void> {
  const windowEnd = (Math.floor(now / WINDOW_MS) + 1) * WINDOW_MS;
  await enqueue(
    "cohorts.refresh",
    { workspaceId },
    { jobId: `cohorts-${workspaceId}-${windowEnd}`, delay: windowEnd - now, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } },
  );
}
