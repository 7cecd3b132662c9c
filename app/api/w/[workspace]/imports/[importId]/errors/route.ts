// The rejected rows of an import as a CSV download (line, column, reason, value).
import { getImportErrors } from "@/lib/ingest/imports/get-import";
import { importErrorsCsv } from "@/lib/ingest/imports/import-errors-csv";
import { parseRouteId } from "@/lib/route-id";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace<{ workspace: string; importId: string }>("data.import", async (_req, access, params) => {
  const id = parseRouteId(params.importId, "Import");
  const csv = importErrorsCsv(await getImportErrors(access.workspace.id, id));
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="import-${id}-rejected-rows.csv"`,
      "cache-control": "no-store",
    },
  });
});
