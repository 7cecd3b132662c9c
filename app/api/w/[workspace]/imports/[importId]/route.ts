// One import: GET its status and counts (polled by the progress bar), with the first rejected rows once it has finished; DELETE a draft that was never started.
import { NextResponse } from "next/server";
import { discardImport } from "@/lib/ingest/imports/start-import";
import { getImport, getImportErrors } from "@/lib/ingest/imports/get-import";
import { parseRouteId } from "@/lib/route-id";
import { withWorkspace } from "@/lib/next/route-wrappers";

const ERRORS_SHOWN = 100;

export const GET = withWorkspace<{ workspace: string; importId: string }>("data.import", async (_req, access, params) => {
  const id = parseRouteId(params.importId, "Import");
  const summary = await getImport(access.workspace.id, id);
  // The progress bar polls every second while the worker runs; the stored rejections (up to 10k rows of JSON) are read once, when it is done.
  const running = summary.status === "QUEUED" || summary.status === "RUNNING";
  const errors = running ? [] : await getImportErrors(access.workspace.id, id, ERRORS_SHOWN);
  return NextResponse.json({ import: summary, errors });
});

export const DELETE = withWorkspace<{ workspace: string; importId: string }>("data.import", async (_req, access, params) => {
  await discardImport({ workspaceId: access.workspace.id, userId: access.userId, importJobId: parseRouteId(params.importId, "Import") });
  return new NextResponse(null, { status: 204 });
});
