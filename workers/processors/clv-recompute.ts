import { UnrecoverableError } from "bullmq";
import { requestTriggerSweep } from "../../lib/campaigns/delivery/request-trigger-sweep.ts";
import { executeRun, PermanentRunError } from "../../lib/analytics/runs/execute-run.ts";
import { requestCohortRefresh } from "../../lib/analytics/cohorts/request-cohort-refresh.ts";
import { hasOrderLines, requestClusters } from "../../lib/analytics/clusters/request-clusters.ts";
import type { Processor } from "./registry.ts";

/** clv.recompute: fit the CLV models and score every customer of one workspace. */
export const clvRecompute: Processor<"clv.recompute"> = async (payload, ctx) => {
  const willRetry = ctx.job.attemptsMade + 1 < (ctx.job.opts.attempts ?? 1);
  try {
    const outcome = await executeRun("clv", payload.workspaceId, payload.runId, { onProgress: ctx.reportProgress, willRetry });
    // Churn-band rises the run published start their triggered campaigns now rather than at the next tick.
    if (outcome.status !== "skipped") await requestTriggerSweep(payload.workspaceId);
    await requestCohortRefresh(payload.workspaceId);
    // Clusters read the fresh CLV predictions for their value; without order lines there is nothing to cluster.
    if (outcome.status !== "skipped" && (await hasOrderLines(payload.workspaceId))) await requestClusters(payload.workspaceId, "schedule");
    return outcome.status === "skipped"
      ? { runId: payload.runId, skipped: true }
      : { runId: payload.runId, customers: outcome.kind === "clv" ? outcome.result.customers : null };
  } catch (err) {
    if (err instanceof PermanentRunError) throw new UnrecoverableError(err.message);
    throw err;
  }
};
