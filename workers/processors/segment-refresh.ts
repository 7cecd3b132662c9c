import { UnrecoverableError } from "bullmq";
import { isAppError } from "../../lib/errors.ts";
import { requestTriggerSweep } from "../../lib/campaigns/delivery/request-trigger-sweep.ts";
import { refreshSegment } from "../../lib/segments/refresh-segment.ts";
import type { Processor } from "./registry.ts";

/**
 * segment.refresh: recompute one dynamic segment's membership. The engine does
 * it in one transaction under a per-segment lock, so a retry or a second job
 * for the same segment is harmless. A segment archived, deleted or made static
 * since the job was queued is skipped; a stored definition that no longer
 * compiles (say, a referenced segment was archived) fails without retries.
 */
export const segmentRefresh: Processor<"segment.refresh"> = async ({ workspaceId, segmentId }, ctx) => {
  await ctx.reportProgress(5);
  try {
    const diff = await refreshSegment(workspaceId, segmentId);
    // Entries and exits may trigger campaigns.
    if (diff.entered + diff.exited > 0) await requestTriggerSweep(workspaceId);
    await ctx.reportProgress(100);
    return { segmentId, size: diff.size, entered: diff.entered, exited: diff.exited, refreshedAt: diff.refreshedAt.toISOString() };
  } catch (err) {
    if (isAppError(err) && (err.code === "NOT_FOUND" || err.code === "CONFLICT")) return { segmentId, skipped: err.message };
    if (isAppError(err)) throw new UnrecoverableError(err.message);
    throw err;
  }
};
