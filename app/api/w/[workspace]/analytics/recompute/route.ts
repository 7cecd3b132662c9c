// POST /api/w/[workspace]/analytics/recompute: "Recompute now" — queues RFM and CLV runs (or returns the pending ones).
import { NextResponse } from "next/server";
import { requestRecompute } from "@/lib/analytics/recompute/request-recompute";
import { getAnalyticsStatus } from "@/lib/analytics/runs/analytics-status";
import { audit } from "@/lib/audit";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const POST = withWorkspace("analytics.run", async (_req, access) => {
  const workspaceId = access.workspace.id;
  const request = await requestRecompute(workspaceId, "manual");
  if (!request.alreadyPending) {
    await audit({
      workspaceId,
      action: "analytics.recompute",
      actorUserId: access.userId,
      targetType: "analytics_run",
      targetId: request.runs.map((r) => r.runId).join(","),
      metadata: { runs: request.runs.map((r) => ({ kind: r.kind, runId: r.runId, created: r.created })) },
    });
  }
  const status = await getAnalyticsStatus(workspaceId);
  return NextResponse.json({ ...request, status }, { status: request.alreadyPending ? 200 : 202 });
});
