// GET /api/w/[workspace]/analytics: the latest RFM and CLV runs (status, progress, timings), polled by the recompute panel.
import { NextResponse } from "next/server";
import { getAnalyticsStatus } from "@/lib/analytics/runs/analytics-status";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace("analytics.read", async (_req, access) => {
  const status = await getAnalyticsStatus(access.workspace.id);
  return NextResponse.json(status, { headers: { "Cache-Control": "no-store" } });
});
