// Confirms a draft's column mapping and queues the import (job import.run); 422 lists what the mapping still lacks.
import { NextResponse } from "next/server";
import { getImport } from "@/lib/ingest/imports/get-import";
import { importMappingInputSchema, MAX_IMPORT_MAPPING_BYTES } from "@/lib/ingest/imports/import-options.schema";
import { parseRouteId } from "@/lib/route-id";
import { startImport } from "@/lib/ingest/imports/start-import";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const POST = withWorkspace(
  "data.import",
  async (_req, access, { id }, input) => {
    await startImport({ workspaceId: access.workspace.id, userId: access.userId, importJobId: id, input });
    return NextResponse.json({ import: await getImport(access.workspace.id, id) }, { status: 202 });
  },
  {
    params: (raw: { workspace: string; importId: string }) => ({ id: parseRouteId(raw.importId, "Import") }),
    body: importMappingInputSchema,
    maxBodyBytes: MAX_IMPORT_MAPPING_BYTES,
  },
);
