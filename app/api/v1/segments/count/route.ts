// POST /api/v1/segments/count: size, share and a sample for a definition, without saving anything.
import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/next/api-key-route";
import { readJson } from "@/lib/next/read-json";
import { countDefinition } from "@/lib/segments/count-definition";

export const POST = withApiKey("read", async (req, principal) => {
  const body = await readJson(req, 2 * 1024 * 1024);
  return NextResponse.json({ data: await countDefinition(principal.workspaceId, body, req.signal) });
});
