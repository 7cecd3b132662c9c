// Public API: POST one event (with external_id a re-send updates it instead of adding another).
import { NextResponse } from "next/server";
import { MAX_SINGLE_BYTES } from "@/lib/ingest/api/api-limits";
import { itemBodySchema } from "@/lib/ingest/api/api-body.schema";
import { ingestOne } from "@/lib/ingest/api/ingest-one";
import { withApiKey } from "@/lib/next/api-key-route";

export const POST = withApiKey(
  "write",
  async (_req, principal, _params, body) => {
    const { status, externalId } = await ingestOne("events", principal.workspaceId, body);
    return NextResponse.json({ status, external_id: externalId }, { status: status === "created" ? 201 : 200 });
  },
  { body: itemBodySchema, maxBodyBytes: MAX_SINGLE_BYTES },
);
