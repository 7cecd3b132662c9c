// Public API: POST { events: [...] } (up to 1,000); per-item results, valid items are kept.
import { NextResponse } from "next/server";
import { MAX_BATCH_BYTES } from "@/lib/ingest/api/api-limits";
import { batchItems } from "@/lib/ingest/api/batch-body";
import { ingestItems } from "@/lib/ingest/api/ingest-items";
import { withApiKey } from "@/lib/next/api-key-route";
import { readJson } from "@/lib/next/read-json";

export const POST = withApiKey("write", async (req, principal) => {
  const items = batchItems(await readJson(req, MAX_BATCH_BYTES), "events");
  return NextResponse.json(await ingestItems("events", principal.workspaceId, items));
});
