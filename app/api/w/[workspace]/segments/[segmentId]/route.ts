// GET /api/w/{workspace}/segments/{id}: one segment with its definition. PATCH: edit it. DELETE: archive it.
import { NextResponse } from "next/server";
import { archiveSegment } from "@/lib/segments/archive-segment";
import { getSegment } from "@/lib/segments/get-segment";
import { updateSegment } from "@/lib/segments/update-segment";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { asDefinitionError } from "@/lib/segments/segment-definition-error";
import { parseSegmentId } from "@/lib/segments/route-params";
import { MAX_SEGMENT_BODY_BYTES, updateSegmentInputSchema } from "@/lib/segments/segment-input.schema";
import { segmentJson } from "@/lib/segments/segment-views";
import { requestSegmentRefresh } from "@/lib/segments/request-refresh";

type Params = { workspace: string; segmentId: string };

export const GET = withWorkspace<Params>("segments.read", async (_req, access, params) => {
  const segment = await getSegment(access.workspace.id, parseSegmentId(params.segmentId));
  return NextResponse.json({ segment: { ...segmentJson(segment), definition: segment.definition } });
});

export const PATCH = withWorkspace(
  "segments.write",
  async (_req, access, { segmentId }, body) => {
    const result = await updateSegment(access.workspace.id, access.userId, segmentId, body).catch((err: unknown) => {
      throw asDefinitionError(err);
    });
    let refreshQueued = false;
    if (result.needsRefresh) {
      refreshQueued = await requestSegmentRefresh(access.workspace.id, segmentId).then(
        () => true,
        () => false,
      );
    }
    return NextResponse.json({ segment: segmentJson(result.segment), definitionChanged: result.definitionChanged, refreshQueued });
  },
  {
    params: (raw: Params) => ({ segmentId: parseSegmentId(raw.segmentId) }),
    // A new definition is validated by the engine, which names the rule at fault.
    body: updateSegmentInputSchema,
    maxBodyBytes: MAX_SEGMENT_BODY_BYTES,
  },
);

export const DELETE = withWorkspace<Params>("segments.write", async (_req, access, params) => {
  const segment = await archiveSegment(access.workspace.id, access.userId, parseSegmentId(params.segmentId));
  return NextResponse.json({ segment: segmentJson(segment) });
});
