// GET /api/w/{workspace}/segments/{id}: one segment with its definition. PATCH: edit it. DELETE: archive it.
import { NextResponse } from "next/server";
import { archiveSegment } from "@/lib/segments/archive-segment";
import { getSegment } from "@/lib/segments/get-segment";
import { updateSegment } from "@/lib/segments/update-segment";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { readJson } from "@/lib/next/read-json";
import { asDefinitionError } from "@/lib/segments/segment-definition-error";
import { parseSegmentId } from "@/lib/segments/route-params";
import { segmentJson } from "@/lib/segments/segment-views";
import { requestSegmentRefresh } from "@/lib/segments/request-refresh";

type Params = { workspace: string; segmentId: string };

export const GET = withWorkspace<Params>("segments.read", async (_req, access, params) => {
  const segment = await getSegment(access.workspace.id, parseSegmentId(params.segmentId));
  return NextResponse.json({ segment: { ...segmentJson(segment), definition: segment.definition } });
});

export const PATCH = withWorkspace<Params>("segments.write", async (req, access, params) => {
  const segmentId = parseSegmentId(params.segmentId);
  const body = await readJson(req, 2 * 1024 * 1024);
  const result = await updateSegment(access.workspace.id, access.userId, segmentId, body as Parameters<typeof updateSegment>[3]).catch((err: unknown) => {
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
});

export const DELETE = withWorkspace<Params>("segments.write", async (_req, access, params) => {
  const segment = await archiveSegment(access.workspace.id, access.userId, parseSegmentId(params.segmentId));
  return NextResponse.json({ segment: segmentJson(segment) });
});
