// POST /api/w/{workspace}/segments/count: audience size, share and a sample for an unsaved definition (the builder's live count).
import { NextResponse } from "next/server";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { readJson } from "@/lib/next/read-json";
import { countDefinition } from "@/lib/segments/count-definition";

export const POST = withWorkspace("segments.read", async (req, access) => {
  const body = await readJson(req, 2 * 1024 * 1024);
  return NextResponse.json(await countDefinition(access.workspace.id, body, req.signal), { headers: { "cache-control": "no-store" } });
});
