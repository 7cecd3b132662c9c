import { UnrecoverableError } from "bullmq";
import { executeClustersRun } from "../../lib/analytics/clusters/execute-clusters-run.ts";
import { PermanentRunError } from "../../lib/analytics/runs/execute-run.ts";
import type { Processor } from "./registry.ts";

/** clusters.run: behaviour features and value clusters of every customer of one workspace. */
export const clustersRun: Processor<"clusters.run"> = async (payload, ctx) => {
  const willRetry = ctx.job.attemptsMade + 1 < (ctx.job.opts.attempts ?? 1);
  try {
    const outcome = await executeClustersRun(payload.workspaceId, payload.runId, { onProgress: ctx.reportProgress, willRetry });
    return outcome.status === "skipped"
      ? { runId: payload.runId, skipped: true }
      : { runId: payload.runId, customers: outcome.result.customers, k: outcome.result.k };
  } catch (err) {
    if (err instanceof PermanentRunError) throw new UnrecoverableError(err.message);
    throw err;
  }
};
