import { randomUUID } from "node:crypto";
import type { ImportKind } from "../../lib/db/generated/enums.ts";
import { db } from "../../lib/db/client.ts";
import { createImport } from "../../lib/ingest/imports/create-import.ts";
import { getImport } from "../../lib/ingest/imports/get-import.ts";
import type { ImportMappingInput } from "../../lib/ingest/imports/import-options.schema.ts";
import { loadImport } from "../../lib/ingest/imports/load-import.ts";
import { runImport } from "../../lib/ingest/imports/run-import.ts";

const encoder = new TextEncoder();

/** A workspace and a user to import as. */
export async function importSetup(overrides: { currency?: string; timezone?: string } = {}) {
  const ws = await db.workspace.create({ data: { slug: `csv-${randomUUID()}`, name: "CSV test", ...overrides }, select: { id: true } });
  const user = await db.user.create({ data: { email: `${randomUUID()}@example.com`, name: "Importer", passwordHash: "x" }, select: { id: true } });
  return { workspaceId: ws.id, userId: user.id };
}

/** Upload, confirm the detected mapping (optionally edited) without a queue, and run in-process. */
export async function importCsv(
  ctx: { workspaceId: number; userId: string },
  kind: ImportKind,
  csv: string | Uint8Array,
  edit?: Partial<ImportMappingInput>,
  batchRows?: number,
) {
  const bytes = typeof csv === "string" ? encoder.encode(csv) : csv;
  const { id } = await createImport({ ...ctx, kind, fileName: "test.csv", bytes });
  const job = await loadImport(ctx.workspaceId, id);
  await db.importJob.update({
    where: { id },
    data: {
      confirmedAt: new Date(),
      mapping: edit?.mapping ?? job.mapping,
      options: { ...job.options, ...(edit?.attributeColumns ? { attributeColumns: edit.attributeColumns } : {}), ...(edit?.dateOrder !== undefined ? { dateOrder: edit.dateOrder } : {}) },
    },
  });
  const result = await runImport(ctx.workspaceId, id, { batchRows });
  return { id, result, summary: await getImport(ctx.workspaceId, id) };
}
