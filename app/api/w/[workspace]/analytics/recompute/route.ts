// POST /api/w/[workspace]/analytics/recompute: "Recompute now" — queues RFM and CLV runs (or returns the pending ones).
import { NextResponse } from "next/server";
import { requestRecompute } from "@/lib/analytics/recompute/request-recompute";
import { getAnalyticsStatus } from "@/lib/analytics/runs/analytics-status";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const POST = withWorkspace("analytics.run", async (_req, access) => {
  const workspaceId = access.workspace.id;
  const request = await requestRecompute(workspaceId, "manual", { actorUserId: access.userId });
  const status = await getAnalyticsStatus(workspaceId);
  return NextResponse.json({ ...request, status }, { status: request.alreadyPending ? 200 : 202 });
});
