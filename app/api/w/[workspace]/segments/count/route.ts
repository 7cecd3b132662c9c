// POST /api/w/{workspace}/segments/count: audience size, share and a sample for an unsaved definition (the builder's live count).
import { NextResponse } from "next/server";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { countDefinition, countRequestSchema } from "@/lib/segments/count-definition";
import { MAX_SEGMENT_BODY_BYTES } from "@/lib/segments/segment-input.schema";

export const POST = withWorkspace(
  "segments.read",
  async (req, access, _params, body) =>
    NextResponse.json(await countDefinition(access.workspace.id, body, req.signal), { headers: { "cache-control": "no-store" } }),
  { body: countRequestSchema, maxBodyBytes: MAX_SEGMENT_BODY_BYTES },
);
