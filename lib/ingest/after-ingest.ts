import { requestCohortRefresh } from "../analytics/cohorts/request-cohort-refresh.ts";
import { requestRecompute } from "../analytics/recompute/request-recompute.ts";
import { requestTriggerSweep } from "../campaigns/delivery/request-trigger-sweep.ts";

/**
 * Called once after customers, orders or events were written. A finished CSV
 * import asks for fresh RFM and CLV results (requestRecompute reuses a run
 * that is already queued, so back-to-back imports cost one recompute). API
 * writes arrive continuously, a few rows at a time; recomputing every
 * customer after each would keep the analytics queue permanently busy, so
 * they are picked up by the scheduled recompute instead.
 */
export async function customerDataChanged(workspaceId: number, source: "import" | "api"): Promise<void> {
  if (source === "import") await requestRecompute(workspaceId, "import");
  if (source === "import") await requestCohortRefresh(workspaceId);
  // New events may trigger campaigns: they are looked at now, not at the next tick.
  await requestTriggerSweep(workspaceId);
}
