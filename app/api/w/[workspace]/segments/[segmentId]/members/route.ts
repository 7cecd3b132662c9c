// GET /api/w/{workspace}/segments/{id}/members?after=&limit=: stored members by customer id (keyset pages).
import { NextResponse } from "next/server";
import { listSegmentMembers } from "@/lib/segments/segment-members";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { parseCursor, parseLimit, parseSegmentId } from "@/lib/segments/route-params";

type Params = { workspace: string; segmentId: string };

export const GET = withWorkspace<Params>("segments.read", async (req, access, params) => {
  const url = new URL(req.url);
  const page = await listSegmentMembers(access.workspace.id, parseSegmentId(params.segmentId), {
    after: parseCursor(url.searchParams.get("after")),
    limit: parseLimit(url.searchParams.get("limit"), 50, 500),
  });
  return NextResponse.json({
    members: page.members.map((m) => ({ ...m, enteredAt: m.enteredAt.toISOString() })),
    nextCursor: page.nextCursor,
  });
});
