// Public API: POST one customer (upsert by external_id); GET customers page by page (?after=<next_cursor>&limit=).
import { NextResponse } from "next/server";
import { z } from "zod";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_SINGLE_BYTES } from "@/lib/ingest/api/api-limits";
import { itemBodySchema } from "@/lib/ingest/api/api-body.schema";
import { ingestOne } from "@/lib/ingest/api/ingest-one";
import { getCustomerByExternalId, listCustomersPage } from "@/lib/ingest/api/read-records";
import { withApiKey } from "@/lib/next/api-key-route";

const listQuery = z.object({
  after: z.string().optional(),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

export const GET = withApiKey("read", async (req, principal) => {
  const params = new URL(req.url).searchParams;
  const query = listQuery.parse({ after: params.get("after") ?? undefined, limit: params.get("limit") ?? undefined });
  return NextResponse.json(await listCustomersPage(principal.workspaceId, query));
});

export const POST = withApiKey(
  "write",
  async (_req, principal, _params, body) => {
    const { status, externalId } = await ingestOne("customers", principal.workspaceId, body);
    const customer = await getCustomerByExternalId(principal.workspaceId, externalId ?? "");
    return NextResponse.json({ status, customer }, { status: status === "created" ? 201 : 200 });
  },
  { body: itemBodySchema, maxBodyBytes: MAX_SINGLE_BYTES },
);
