import { audit } from "../../audit.ts";
import { withTransaction } from "../../db/transaction.ts";
import { enqueue } from "../../queue/enqueue.ts";
import { createOrGetActiveRun, markRunFailed, type AnalyticsKind, type RunTrigger } from "../runs/run-records.ts";

export interface RequestedRun {
  kind: AnalyticsKind;
  runId: number;
  /** false when a queued or running run already existed and was reused. */
  created: boolean;
}

export interface RecomputeRequest {
  runs: RequestedRun[];
  /** True when nothing new was created: everything asked for was already pending. */
  alreadyPending: boolean;
}

const JOB_FOR_KIND = { rfm: "rfm.recompute", clv: "clv.recompute", clusters: "clusters.run" } as const;

/** The BullMQ job id of a run: derived from the run, so re-adding it is a no-op. */
export function analyticsJobId(kind: AnalyticsKind, runId: number): string {
  return `${kind}-run-${runId}`;
}

/**
 * Asks for fresh RFM and CLV results for a workspace: the import code, the
 * "Recompute now" button and the nightly tick all come through here. Creates
 * a QUEUED run per kind and enqueues its job, unless a run of that kind is
 * already queued or running, in which case that run is returned and its job
 * re-added under the same id (a no-op in BullMQ, and a repair if the job was
 * lost). Both runs share one as-of time, so RFM and CLV describe the same moment.
 * A request a person made (`actorUserId`) is audited when it created a run.
 */
export async function requestRecompute(
  workspaceId: number,
  trigger: RunTrigger,
  options: { asOf?: Date; kinds?: readonly AnalyticsKind[]; actorUserId?: string } = {},
): Promise<RecomputeRequest> {
  const asOf = (options.asOf ?? new Date()).toISOString();
  // The runs and the audit row of a person's request commit together; jobs are queued only after the
  // commit, so a worker never picks up a run it cannot see yet.
  const runs = await withTransaction(async (client) => {
    const requested: RequestedRun[] = [];
    for (const kind of options.kinds ?? (["rfm", "clv"] as const)) {
      const { runId, created } = await createOrGetActiveRun(workspaceId, kind, trigger, { asOf }, client);
      requested.push({ kind, runId, created });
    }
    if (options.actorUserId && requested.some((r) => r.created)) {
      await audit(client, {
        workspaceId,
        action: "analytics.recompute",
        actorUserId: options.actorUserId,
        targetType: "analytics_run",
        targetId: requested.map((r) => r.runId).join(","),
        metadata: { runs: requested.map((r) => ({ kind: r.kind, runId: r.runId, created: r.created })) },
      });
    }
    return requested;
  });
  for (const [i, run] of runs.entries()) {
    try {
      await enqueue(JOB_FOR_KIND[run.kind], { workspaceId, runId: run.runId }, { jobId: analyticsJobId(run.kind, run.runId) });
    } catch (err) {
      // A run nobody will ever pick up would block every later request: fail the ones this request created and did not queue.
      for (const unqueued of runs.slice(i)) {
        if (unqueued.created) await markRunFailed(workspaceId, unqueued.runId, "The job queue was unavailable; the run was not started.", false);
      }
      throw err;
    }
  }
  return { runs, alreadyPending: runs.every((r) => !r.created) };
}
