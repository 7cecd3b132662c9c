// POST /api/w/{workspace}/segments/{id}/restore: bring an archived segment back (same role as archiving it), then refresh it.
import { NextResponse } from "next/server";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { parseSegmentId } from "@/lib/segments/route-params";
import { requestSegmentRefresh } from "@/lib/segments/request-refresh";
import { restoreSegment } from "@/lib/segments/restore-segment";

type Params = { workspace: string; segmentId: string };

export const POST = withWorkspace<Params>("segments.write", async (_req, access, params) => {
  const segment = await restoreSegment(access.workspace.id, access.userId, parseSegmentId(params.segmentId));
  // Its stored members are as of the archiving; a static segment keeps the members it was saved with.
  if (segment.kind === "DYNAMIC") await requestSegmentRefresh(access.workspace.id, segment.id);
  return NextResponse.json(segment);
});
