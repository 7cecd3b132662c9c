// Preview of a draft import under a mapping being edited: the first rows as they would be imported, each cell validated.
import { NextResponse } from "next/server";
import { importMappingInputSchema, MAX_IMPORT_MAPPING_BYTES } from "@/lib/ingest/imports/import-options.schema";
import { parseRouteId } from "@/lib/route-id";
import { previewImport } from "@/lib/ingest/imports/preview-import";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const POST = withWorkspace(
  "data.import",
  async (_req, access, { id }, input) => {
    return NextResponse.json({ preview: await previewImport(access.workspace.id, id, input) });
  },
  {
    params: (raw: { workspace: string; importId: string }) => ({ id: parseRouteId(raw.importId, "Import") }),
    body: importMappingInputSchema,
    maxBodyBytes: MAX_IMPORT_MAPPING_BYTES,
  },
);
