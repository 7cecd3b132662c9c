// Public API: POST { products: [...] } (up to 1,000), each upserted by external_id; per-item results, valid items are kept.
import { NextResponse } from "next/server";
import { MAX_BATCH_BYTES } from "@/lib/ingest/api/api-limits";
import { batchBodyRefusal, productsBatchBodySchema } from "@/lib/ingest/api/api-body.schema";
import { ingestItems } from "@/lib/ingest/api/ingest-items";
import { withApiKey } from "@/lib/next/api-key-route";

export const POST = withApiKey(
  "write",
  async (_req, principal, _params, body) => NextResponse.json(await ingestItems("products", principal.workspaceId, body.products)),
  { body: productsBatchBodySchema, maxBodyBytes: MAX_BATCH_BYTES, bodyRefusal: batchBodyRefusal },
);
