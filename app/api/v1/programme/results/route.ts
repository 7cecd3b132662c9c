// Public API: GET the programme's results (global control group against everyone else) over a period (docs/experiments.md).
import { NextResponse } from "next/server";
import { loadProgrammeResults } from "@/lib/campaigns/programme/load-programme-results";
import { programmePeriodFor } from "@/lib/campaigns/programme/programme-period";
import { withApiKey } from "@/lib/next/api-key-route";

export const GET = withApiKey("read", async (req, principal) => {
  const q = req.nextUrl.searchParams;
  const period = await programmePeriodFor(principal.workspaceId, { from: q.get("from"), to: q.get("to") });
  return NextResponse.json({ data: await loadProgrammeResults(principal.workspaceId, period.from, period.to) });
});
