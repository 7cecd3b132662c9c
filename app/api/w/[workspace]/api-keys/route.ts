// Workspace API keys (admins): GET the list; POST { name } creates one and returns the key once.
import { NextResponse } from "next/server";
import { apiKeyNameSchema, createWorkspaceApiKey, listWorkspaceApiKeys } from "@/lib/ingest/api-keys/manage-api-keys";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { readJson } from "@/lib/next/read-json";

export const GET = withWorkspace("apikeys.manage", async (_req, access) => {
  return NextResponse.json({ keys: await listWorkspaceApiKeys(access.workspace.id) });
});

export const POST = withWorkspace("apikeys.manage", async (req, access) => {
  const { name } = apiKeyNameSchema.parse(await readJson(req, 16 * 1024));
  const key = await createWorkspaceApiKey(access.workspace.id, access.userId, name);
  return NextResponse.json({ key }, { status: 201, headers: { "cache-control": "no-store" } });
});
