// Public API: POST one order (upsert by external_id; an unknown customer_external_id creates that customer).
import { NextResponse } from "next/server";
import { MAX_SINGLE_BYTES } from "@/lib/ingest/api/api-limits";
import { itemBodySchema } from "@/lib/ingest/api/api-body.schema";
import { ingestOne } from "@/lib/ingest/api/ingest-one";
import { getOrderByExternalId } from "@/lib/ingest/api/read-records";
import { withApiKey } from "@/lib/next/api-key-route";

export const POST = withApiKey(
  "write",
  async (_req, principal, _params, body) => {
    const { status, externalId } = await ingestOne("orders", principal.workspaceId, body);
    const order = await getOrderByExternalId(principal.workspaceId, externalId ?? "");
    return NextResponse.json({ status, order }, { status: status === "created" ? 201 : 200 });
  },
  { body: itemBodySchema, maxBodyBytes: MAX_SINGLE_BYTES },
);
