// GET /api/v1/segments/{id}/members?after=&limit=: members in customer id order; pass nextCursor as `after` for the next page.
import { NextResponse } from "next/server";
import { listSegmentMembers } from "@/lib/segments/segment-members";
import { withApiKey } from "@/lib/next/api-key-route";
import { parseCursor, parseLimit, parseSegmentId } from "@/lib/segments/route-params";

export const GET = withApiKey<{ segmentId: string }>("read", async (req, principal, params) => {
  const url = new URL(req.url);
  const page = await listSegmentMembers(principal.workspaceId, parseSegmentId(params.segmentId), {
    after: parseCursor(url.searchParams.get("after")),
    limit: parseLimit(url.searchParams.get("limit"), 100, 1000),
  });
  return NextResponse.json({
    data: page.members.map((m) => ({ customerId: m.customerId, externalId: m.externalId, email: m.email, enteredAt: m.enteredAt.toISOString() })),
    nextCursor: page.nextCursor,
  });
});
