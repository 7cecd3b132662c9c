// GET /api/w/{workspace}/segments: the workspace's segments. POST: save a new segment (dynamic ones are then refreshed by the worker).
import { NextResponse } from "next/server";
import { createSegment } from "@/lib/segments/create-segment";
import { listSegments } from "@/lib/segments/list-segments";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { asDefinitionError } from "@/lib/segments/segment-definition-error";
import { createSegmentInputSchema, MAX_SEGMENT_BODY_BYTES } from "@/lib/segments/segment-input.schema";
import { segmentJson } from "@/lib/segments/segment-views";
import { requestSegmentRefresh } from "@/lib/segments/request-refresh";

export const GET = withWorkspace("segments.read", async (_req, access) => {
  const segments = await listSegments(access.workspace.id);
  return NextResponse.json({
    segments: segments.map((s) => ({ ...segmentJson(s), owner: s.owner ? { name: s.owner.name, email: s.owner.email } : null })),
  });
});

export const POST = withWorkspace(
  "segments.write",
  async (_req, access, _params, body) => {
    const result = await createSegment(access.workspace.id, access.userId, body).catch((err: unknown) => {
      throw asDefinitionError(err);
    });
    let refreshQueued = false;
    if (result.needsRefresh) {
      // The segment is saved either way; a queue outage only delays its first fill until the next scheduled tick.
      refreshQueued = await requestSegmentRefresh(access.workspace.id, result.segment.id).then(
        () => true,
        () => false,
      );
    }
    return NextResponse.json({ segment: segmentJson(result.segment), refreshQueued }, { status: 201 });
  },
  // The definition is only required to be present here; the engine validates it and names the rule at fault.
  { body: createSegmentInputSchema, maxBodyBytes: MAX_SEGMENT_BODY_BYTES },
);
