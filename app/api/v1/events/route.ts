// Public API: POST one event (with external_id a re-send updates it instead of adding another).
import { NextResponse } from "next/server";
import { MAX_SINGLE_BYTES } from "@/lib/ingest/api/api-limits";
import { ingestOne } from "@/lib/ingest/api/ingest-one";
import { withApiKey } from "@/lib/next/api-key-route";
import { readJson } from "@/lib/next/read-json";

export const POST = withApiKey("write", async (req, principal) => {
  const body = await readJson(req, MAX_SINGLE_BYTES);
  const { status, externalId } = await ingestOne("events", principal.workspaceId, body);
  return NextResponse.json({ status, external_id: externalId }, { status: status === "created" ? 201 : 200 });
});
