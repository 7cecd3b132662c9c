import { UnrecoverableError } from "bullmq";
import { executeRun, PermanentRunError } from "../../lib/analytics/runs/execute-run.ts";
import { requestCohortRefresh } from "../../lib/analytics/cohorts/request-cohort-refresh.ts";
import type { Processor } from "./registry.ts";

/** rfm.recompute: RFM scores and segments for every customer of one workspace. */
export const rfmRecompute: Processor<"rfm.recompute"> = async (payload, ctx) => {
  const willRetry = ctx.job.attemptsMade + 1 < (ctx.job.opts.attempts ?? 1);
  try {
    const outcome = await executeRun("rfm", payload.workspaceId, payload.runId, { onProgress: ctx.reportProgress, willRetry });
    await requestCohortRefresh(payload.workspaceId);
    return outcome.status === "skipped"
      ? { runId: payload.runId, skipped: true }
      : { runId: payload.runId, scoredCustomers: outcome.kind === "rfm" ? outcome.result.scoredCustomers : null };
  } catch (err) {
    if (err instanceof PermanentRunError) throw new UnrecoverableError(err.message);
    throw err;
  }
};
