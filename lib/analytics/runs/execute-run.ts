import { ZodError } from "zod";
import { db } from "../../db/client.ts";
import { computeClv, type ClvRunResult, type ClvStep } from "../recompute/compute-clv.ts";
import { readAnalyticsSettings, readRunHistorySettings } from "../recompute/analytics-settings.schema.ts";
import { computeRfm, type RfmRunResult, type RfmStep } from "../rfm/compute-rfm.ts";
import { readRfmSettings } from "../rfm/rfm-settings.schema.ts";
import { markRunFailed, markRunStarted, reportRunProgress, type AnalyticsKind } from "./run-records.ts";

export interface ExecuteRunOptions {
  /** Extra progress sink (the BullMQ job); the run row is always updated. */
  onProgress?: (percent: number) => Promise<void>;
  /** True when BullMQ will try again after a failure: the run goes back to QUEUED, not FAILED. */
  willRetry?: boolean;
  /** Fault injection for tests, passed to the compute step. */
  afterStep?: (step: RfmStep | ClvStep) => Promise<void>;
}

/**
 * A failure that retrying cannot fix (invalid workspace settings, a deleted
 * workspace): the run is marked FAILED at once and the worker should not retry.
 */
export class PermanentRunError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentRunError";
  }
}

export type ExecuteRunOutcome =
  | { status: "skipped" }
  | { status: "succeeded"; kind: "rfm"; result: RfmRunResult }
  | { status: "succeeded"; kind: "clv"; result: ClvRunResult };

/**
 * Runs one queued analytics run: claims it, reads the workspace's settings,
 * computes and publishes. What the worker calls, and what tests call
 * directly. A run that already finished is skipped, so a duplicated or late
 * job does no work twice.
 */
export async function executeRun(
  kind: Exclude<AnalyticsKind, "clusters">,
  workspaceId: number,
  runId: number,
  options: ExecuteRunOptions = {},
): Promise<ExecuteRunOutcome> {
  const run = await markRunStarted(workspaceId, runId, kind);
  if (!run) return { status: "skipped" };

  const progress = async (percent: number) => {
    await reportRunProgress(workspaceId, runId, percent);
    if (options.onProgress) await options.onProgress(percent);
  };
  const afterStep = options.afterStep;

  try {
    const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timezone: true, settings: true } });
    if (!workspace) throw new PermanentRunError(`Workspace ${workspaceId} no longer exists.`);
    const asOf = typeof run.params.asOf === "string" ? new Date(run.params.asOf) : new Date();
    if (Number.isNaN(asOf.getTime())) throw new PermanentRunError(`Run ${runId} has an invalid asOf parameter.`);
    await progress(5);

    if (kind === "rfm") {
      const result = await computeRfm({
        workspaceId,
        runId,
        asOf,
        timezone: workspace.timezone,
        settings: readRfmSettings(workspace.settings),
        snapshotRunsKept: readRunHistorySettings(workspace.settings).rfmSnapshotRuns,
        onProgress: progress,
        afterStep: afterStep ? (step) => afterStep(step) : undefined,
      });
      return { status: "succeeded", kind, result };
    }
    const result = await computeClv({
      workspaceId,
      runId,
      asOf,
      timezone: workspace.timezone,
      settings: readAnalyticsSettings(workspace.settings).clv,
      onProgress: progress,
      afterStep: afterStep ? (step) => afterStep(step) : undefined,
    });
    return { status: "succeeded", kind, result };
  } catch (err) {
    const permanent = toPermanent(err);
    await markRunFailed(workspaceId, runId, errorMessage(permanent ?? err), permanent ? false : (options.willRetry ?? false));
    throw permanent ?? err;
  }
}

function toPermanent(err: unknown): PermanentRunError | null {
  if (err instanceof PermanentRunError) return err;
  if (err instanceof ZodError) {
    const problems = err.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`).join("; ");
    return new PermanentRunError(`The workspace's analytics settings are invalid (${problems}).`, { cause: err });
  }
  return null;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.slice(0, 2000);
  return String(err).slice(0, 2000);
}
