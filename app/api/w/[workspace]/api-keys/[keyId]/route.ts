// Revokes one API key of the workspace (admins); requests with it get 401 from then on.
import { NextResponse } from "next/server";
import { revokeWorkspaceApiKey } from "@/lib/ingest/api-keys/manage-api-keys";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { parseRouteId } from "@/lib/route-id";

export const DELETE = withWorkspace<{ workspace: string; keyId: string }>("apikeys.manage", async (_req, access, params) => {
  await revokeWorkspaceApiKey(access.workspace.id, access.userId, parseRouteId(params.keyId, "API key"));
  return new NextResponse(null, { status: 204 });
});
