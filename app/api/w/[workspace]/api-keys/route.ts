// Workspace API keys (admins): GET the list; POST { name, scopes, expiresOn?, rateLimitPerMinute? } creates one and returns the key once.
import { NextResponse } from "next/server";
import { parseApiKeyCreateBody } from "@/lib/ingest/api-keys/api-key-create.schema";
import { createWorkspaceApiKey, listWorkspaceApiKeys } from "@/lib/ingest/api-keys/manage-api-keys";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { readJson } from "@/lib/next/read-json";

export const GET = withWorkspace("apikeys.manage", async (_req, access) => {
  return NextResponse.json({ keys: await listWorkspaceApiKeys(access.workspace.id) });
});

export const POST = withWorkspace("apikeys.manage", async (req, access) => {
  const input = parseApiKeyCreateBody(await readJson(req, 16 * 1024));
  const key = await createWorkspaceApiKey(access.workspace.id, access.userId, input);
  return NextResponse.json({ key }, { status: 201, headers: { "cache-control": "no-store" } });
});
