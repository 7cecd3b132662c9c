// GET /api/w/[workspace]/analytics/rfm-migration?from=&to=: customers moving between RFM segments (default: the last two runs).
import { NextResponse } from "next/server";
import { z } from "zod";
import { latestRfmRunIds, rfmMigrationMatrix } from "@/lib/analytics/rfm/migration-matrix";
import { AppError } from "@/lib/errors";
import { withWorkspace } from "@/lib/next/route-wrappers";

const query = z.object({
  from: z.coerce.number().int().positive().optional(),
  to: z.coerce.number().int().positive().optional(),
});

export const GET = withWorkspace("analytics.read", async (req, access) => {
  const workspaceId = access.workspace.id;
  const { searchParams } = new URL(req.url);
  const parsed = query.parse({ from: searchParams.get("from") ?? undefined, to: searchParams.get("to") ?? undefined });
  let { from, to } = parsed;
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
