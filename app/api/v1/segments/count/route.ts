// POST /api/v1/segments/count: size, share and a sample for a definition, without saving anything.
import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/next/api-key-route";
import { countDefinition, countRequestSchema } from "@/lib/segments/count-definition";
import { MAX_SEGMENT_BODY_BYTES } from "@/lib/segments/segment-input.schema";

export const POST = withApiKey(
  "read",
  async (req, principal, _params, body) => NextResponse.json({ data: await countDefinition(principal.workspaceId, body, req.signal) }),
  { body: countRequestSchema, maxBodyBytes: MAX_SEGMENT_BODY_BYTES },
);
