// GET /api/v1/segments: the API key's workspace segments (archived ones are left out).
import { NextResponse } from "next/server";
import { listSegments } from "@/lib/segments/list-segments";
import { withApiKey } from "@/lib/next/api-key-route";
import { segmentJson } from "@/lib/segments/segment-views";

export const GET = withApiKey("read", async (_req, principal) => {
  const segments = await listSegments(principal.workspaceId);
  return NextResponse.json({
    data: segments.map((s) => {
      const { ownerId: _ownerId, archivedAt: _archivedAt, ...rest } = segmentJson(s);
      return rest;
    }),
  });
});
