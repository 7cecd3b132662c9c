// GET /api/w/[workspace]/analytics/rfm-migration?from=&to=: customers moving between RFM segments (default: the last two runs).
import { NextResponse } from "next/server";
import { latestRfmRunIds, rfmMigrationMatrix } from "@/lib/analytics/rfm/migration-matrix";
import { AppError } from "@/lib/errors";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { parseQueryId } from "@/lib/route-id";

export const GET = withWorkspace("analytics.read", async (req, access) => {
  const workspaceId = access.workspace.id;
  const { searchParams } = new URL(req.url);
  // Run ids are int4: past that range no run can exist, and Postgres would refuse the cast (a 500).
  let from = parseQueryId(searchParams.get("from"), "from", "the id of an RFM run");
  let to = parseQueryId(searchParams.get("to"), "to", "the id of an RFM run");
  if (from === undefined || to === undefined) {
    const [latest, previous] = await latestRfmRunIds(workspaceId);
    to ??= latest;
    from ??= previous;
  }
  if (from === undefined || to === undefined) {
    throw new AppError("NOT_FOUND", "Segment migration needs two successful RFM runs; run a recompute first.");
  }
  return NextResponse.json(await rfmMigrationMatrix(workspaceId, from, to));
});
