import { audit } from "../../audit.ts";
import { pool } from "../../db/pool.ts";
import { withTransaction } from "../../db/transaction.ts";
import { enqueue } from "../../queue/enqueue.ts";
import { analyticsJobId } from "../recompute/request-recompute.ts";
import { createOrGetActiveRun, markRunFailed, type RunTrigger } from "../runs/run-records.ts";

export interface ClustersRequest {
  runId: number;
  /** false when a queued or running clusters run already existed and was reused (its k stays as asked then). */
  created: boolean;
}

/**
 * Asks for a clusters run: "Re-run clusters" on the Value drivers page (with
 * k chosen or "auto") and the end of each CLV run. One queued-or-running
 * clusters run per workspace, as for RFM and CLV; the job id derives from the run.
 */
export async function requestClusters(
  workspaceId: number,
  trigger: RunTrigger,
  options: { k?: number | "auto"; asOf?: Date; actorUserId?: string } = {},
): Promise<ClustersRequest> {
  const params: Record<string, unknown> = { asOf: (options.asOf ?? new Date()).toISOString() };
  if (options.k !== undefined) params.k = options.k;
  const request = await withTransaction(async (client) => {
    const { runId, created } = await createOrGetActiveRun(workspaceId, "clusters", trigger, params, client);
    if (options.actorUserId && created) {
      await audit(client, {
        workspaceId,
        action: "analytics.clusters",
        actorUserId: options.actorUserId,
        targetType: "analytics_run",
        targetId: String(runId),
        metadata: { k: options.k ?? null },
      });
    }
    return { runId, created };
  });
  try {
    await enqueue("clusters.run", { workspaceId, runId: request.runId }, { jobId: analyticsJobId("clusters", request.runId) });
  } catch (err) {
    if (request.created) await markRunFailed(workspaceId, request.runId, "The job queue was unavailable; the run was not started.", false);
    throw err;
  }
  return request;
}

/** True when the workspace has any order line: without lines there is nothing to cluster on. */
export async function hasOrderLines(workspaceId: number): Promise<boolean> {
  const res = await pool.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM order_item WHERE workspace_id = $1) AS any`, [workspaceId]);
  return res.rows[0]?.any === true;
}
