import { ZodError } from "zod";
import { db } from "../../db/client.ts";
import { PermanentRunError } from "../runs/execute-run.ts";
import { markRunFailed, markRunStarted, reportRunProgress } from "../runs/run-records.ts";
import { CLUSTER_K_BOUNDS, readClusterSettings } from "./cluster-settings.ts";
import { computeClusters, type ClustersRunResult, type ClustersStep } from "./compute-clusters.ts";

export interface ExecuteClustersOptions {
  onProgress?: (percent: number) => Promise<void>;
  willRetry?: boolean;
  afterStep?: Parameters<typeof computeClusters>[0]["afterStep"];
}

export type ExecuteClustersOutcome = { status: "skipped" } | { status: "succeeded"; result: ClustersRunResult };
export type { ClustersStep };

/**
 * Runs one queued clusters run: claims it, reads the workspace's settings
 * (a k asked for with the run overrides the setting), computes and publishes.
 * What the worker calls, and what tests call directly.
 */
export async function executeClustersRun(workspaceId: number, runId: number, options: ExecuteClustersOptions = {}): Promise<ExecuteClustersOutcome> {
  const run = await markRunStarted(workspaceId, runId, "clusters");
  if (!run) return { status: "skipped" };
  const progress = async (percent: number) => {
    await reportRunProgress(workspaceId, runId, percent);
    if (options.onProgress) await options.onProgress(percent);
  };
  try {
    const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timezone: true, settings: true } });
    if (!workspace) throw new PermanentRunError(`Workspace ${workspaceId} no longer exists.`);
    const asOf = typeof run.params.asOf === "string" ? new Date(run.params.asOf) : new Date();
    if (Number.isNaN(asOf.getTime())) throw new PermanentRunError(`Run ${runId} has an invalid asOf parameter.`);
    const settings = readClusterSettings(workspace.settings);
    const asked = run.params.k;
    if (typeof asked === "number") {
      if (!Number.isInteger(asked) || asked < CLUSTER_K_BOUNDS.min || asked > CLUSTER_K_BOUNDS.max)
        throw new PermanentRunError(`Run ${runId} asks for ${asked} clusters; k must be a whole number from ${CLUSTER_K_BOUNDS.min} to ${CLUSTER_K_BOUNDS.max}.`);
      settings.k = asked;
    } else if (asked === "auto") {
      settings.k = "auto";
    }
    await progress(5);
    const result = await computeClusters({ workspaceId, runId, asOf, timezone: workspace.timezone, settings, onProgress: progress, afterStep: options.afterStep });
    return { status: "succeeded", result };
  } catch (err) {
    const permanent =
      err instanceof PermanentRunError
        ? err
        : err instanceof ZodError
          ? new PermanentRunError(
              `The workspace's cluster settings are invalid (${err.issues.map((i) => `analytics.clusters.${i.path.join(".")}: ${i.message}`).join("; ")}).`,
              { cause: err },
            )
          : null;
    const message = (permanent ?? (err instanceof Error ? err : new Error(String(err)))).message.slice(0, 2000);
    await markRunFailed(workspaceId, runId, message, permanent ? false : (options.willRetry ?? false));
    throw permanent ?? err;
  }
}
