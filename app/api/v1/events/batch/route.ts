// Public API: POST { events: [...] } (up to 1,000); per-item results, valid items are kept.
import { NextResponse } from "next/server";
import { MAX_BATCH_BYTES } from "@/lib/ingest/api/api-limits";
import { batchBodyRefusal, eventsBatchBodySchema } from "@/lib/ingest/api/api-body.schema";
import { ingestItems } from "@/lib/ingest/api/ingest-items";
import { withApiKey } from "@/lib/next/api-key-route";

export const POST = withApiKey(
  "write",
  async (_req, principal, _params, body) => NextResponse.json(await ingestItems("events", principal.workspaceId, body.events)),
  { body: eventsBatchBodySchema, maxBodyBytes: MAX_BATCH_BYTES, bodyRefusal: batchBodyRefusal },
);
