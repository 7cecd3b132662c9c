// Confirms a draft's column mapping and queues the import (job import.run); 422 lists what the mapping still lacks.
import { NextResponse } from "next/server";
import { getImport } from "@/lib/ingest/imports/get-import";
import { importMappingInputSchema } from "@/lib/ingest/imports/import-options.schema";
import { parseRouteId } from "@/lib/route-id";
import { startImport } from "@/lib/ingest/imports/start-import";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { readJson } from "@/lib/next/read-json";

export const POST = withWorkspace<{ workspace: string; importId: string }>("data.import", async (req, access, params) => {
  const id = parseRouteId(params.importId, "Import");
  const input = importMappingInputSchema.parse(await readJson(req, 256 * 1024));
  await startImport({ workspaceId: access.workspace.id, userId: access.userId, importJobId: id, input });
  return NextResponse.json({ import: await getImport(access.workspace.id, id) }, { status: 202 });
});
