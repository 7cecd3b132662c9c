// GET /api/v1/segments/{id}: one segment with its definition and size.
import { NextResponse } from "next/server";
import { getSegment } from "@/lib/segments/get-segment";
import { withApiKey } from "@/lib/next/api-key-route";
import { parseSegmentId } from "@/lib/segments/route-params";
import { segmentJson } from "@/lib/segments/segment-views";

export const GET = withApiKey<{ segmentId: string }>("read", async (_req, principal, params) => {
  const segment = await getSegment(principal.workspaceId, parseSegmentId(params.segmentId));
  const { ownerId: _ownerId, ...rest } = segmentJson(segment);
  return NextResponse.json({ data: { ...rest, definition: segment.definition } });
});
