// Runs a failed import again with the same file and mapping (safe: rows are upserted by external id).
import { NextResponse } from "next/server";
import { getImport } from "@/lib/ingest/imports/get-import";
import { parseRouteId } from "@/lib/route-id";
import { retryImport } from "@/lib/ingest/imports/start-import";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const POST = withWorkspace<{ workspace: string; importId: string }>("data.import", async (_req, access, params) => {
  const id = parseRouteId(params.importId, "Import");
  await retryImport({ workspaceId: access.workspace.id, userId: access.userId, importJobId: id });
  return NextResponse.json({ import: await getImport(access.workspace.id, id) }, { status: 202 });
});
