// Workspace API keys (admins): GET the list; POST { name, scopes, expiresOn?, rateLimitPerMinute? } creates one and returns the key once.
import { NextResponse } from "next/server";
import { apiKeyCreateRefusal, apiKeyCreateSchema, MAX_API_KEY_CREATE_BYTES } from "@/lib/ingest/api-keys/api-key-create.schema";
import { createWorkspaceApiKey, listWorkspaceApiKeys } from "@/lib/ingest/api-keys/manage-api-keys";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace("apikeys.manage", async (_req, access) => {
  return NextResponse.json({ keys: await listWorkspaceApiKeys(access.workspace.id) });
});

export const POST = withWorkspace(
  "apikeys.manage",
  async (_req, access, _params, input) => {
    const key = await createWorkspaceApiKey(access.workspace.id, access.userId, input);
    return NextResponse.json({ key }, { status: 201, headers: { "cache-control": "no-store" } });
  },
  { body: apiKeyCreateSchema, maxBodyBytes: MAX_API_KEY_CREATE_BYTES, bodyRefusal: apiKeyCreateRefusal },
);
