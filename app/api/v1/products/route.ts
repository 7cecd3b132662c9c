// Public API: POST one product (upsert by external_id; a changed category moves its purchases between category timelines).
import { NextResponse } from "next/server";
import { MAX_SINGLE_BYTES } from "@/lib/ingest/api/api-limits";
import { itemBodySchema } from "@/lib/ingest/api/api-body.schema";
import { ingestOne } from "@/lib/ingest/api/ingest-one";
import { getProductByExternalId } from "@/lib/ingest/api/read-records";
import { withApiKey } from "@/lib/next/api-key-route";

export const POST = withApiKey(
  "write",
  async (_req, principal, _params, body) => {
    const { status, externalId } = await ingestOne("products", principal.workspaceId, body);
    const product = await getProductByExternalId(principal.workspaceId, externalId ?? "");
    return NextResponse.json({ status, product }, { status: status === "created" ? 201 : 200 });
  },
  { body: itemBodySchema, maxBodyBytes: MAX_SINGLE_BYTES },
);
