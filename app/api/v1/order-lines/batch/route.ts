// Public API: POST { order_lines: [...] } (up to 1,000), each upserted by (order, product, line number); a line naming an unknown order or product is an item error.
import { NextResponse } from "next/server";
import { MAX_BATCH_BYTES } from "@/lib/ingest/api/api-limits";
import { batchBodyRefusal, orderLinesBatchBodySchema } from "@/lib/ingest/api/api-body.schema";
import { ingestItems } from "@/lib/ingest/api/ingest-items";
import { withApiKey } from "@/lib/next/api-key-route";

export const POST = withApiKey(
  "write",
  async (_req, principal, _params, body) => NextResponse.json(await ingestItems("order_lines", principal.workspaceId, body.order_lines)),
  { body: orderLinesBatchBodySchema, maxBodyBytes: MAX_BATCH_BYTES, bodyRefusal: batchBodyRefusal },
);
