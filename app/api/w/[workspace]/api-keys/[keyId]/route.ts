// Revokes one API key of the workspace (admins); requests with it get 401 from then on.
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { revokeWorkspaceApiKey } from "@/lib/ingest/api-keys/manage-api-keys";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const DELETE = withWorkspace<{ workspace: string; keyId: string }>("apikeys.manage", async (_req, access, params) => {
  if (!/^[1-9]\d{0,9}$/.test(params.keyId)) throw new AppError("NOT_FOUND", "API key not found");
  await revokeWorkspaceApiKey(access.workspace.id, access.userId, Number(params.keyId));
  return new NextResponse(null, { status: 204 });
});
