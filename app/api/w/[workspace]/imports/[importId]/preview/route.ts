// Preview of a draft import under a mapping being edited: the first rows as they would be imported, each cell validated.
import { NextResponse } from "next/server";
import { importMappingInputSchema } from "@/lib/ingest/imports/import-options.schema";
import { parseRouteId } from "@/lib/route-id";
import { previewImport } from "@/lib/ingest/imports/preview-import";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { readJson } from "@/lib/next/read-json";

export const POST = withWorkspace<{ workspace: string; importId: string }>("data.import", async (req, access, params) => {
  const id = parseRouteId(params.importId, "Import");
  const input = importMappingInputSchema.parse(await readJson(req, 256 * 1024));
  return NextResponse.json({ preview: await previewImport(access.workspace.id, id, input) });
});
