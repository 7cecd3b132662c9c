// GET /api/w/{workspace}/segments/{id}/overlap?with={otherId}: both sizes and the intersection, from stored memberships.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { segmentOverlap } from "@/lib/segments/segment-overlap";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { parseQueryId } from "@/lib/route-id";
import { parseSegmentId } from "@/lib/segments/route-params";

type Params = { workspace: string; segmentId: string };

export const GET = withWorkspace<Params>("segments.read", async (req, access, params) => {
  const a = parseSegmentId(params.segmentId);
  const other = new URL(req.url).searchParams.get("with");
  if (!other) throw new AppError("VALIDATION", "Choose a segment to compare with (?with=<segment id>).");
  const b = parseQueryId(other, "with", "a segment id")!;
  const overlap = await segmentOverlap(access.workspace.id, a, b);
  const names = await db.segment.findMany({ where: { workspaceId: access.workspace.id, id: { in: [a, b] } }, select: { id: true, name: true, lastRefreshedAt: true } });
  const info = (id: number) => {
    const s = names.find((n) => n.id === id);
    return { id, name: s?.name ?? "", lastRefreshedAt: s?.lastRefreshedAt?.toISOString() ?? null };
  };
  return NextResponse.json({
    a: { ...info(a), size: overlap.onlyA + overlap.both },
    b: { ...info(b), size: overlap.onlyB + overlap.both },
    both: overlap.both,
    onlyA: overlap.onlyA,
    onlyB: overlap.onlyB,
    union: overlap.union,
  });
});
