import { IMPORT_KINDS } from "../import-kinds.ts";
import { audit } from "../../audit.ts";
import { db } from "../../db/client.ts";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { enqueue } from "../../queue/enqueue.ts";
import { mappingProblems } from "./check-mapping.ts";
import type { ImportMappingInput, ImportOptions } from "./import-options.schema.ts";
import { loadImport } from "./load-import.ts";

/** The BullMQ job id of one confirmation of an import: a double click never queues it twice, a re-run gets a new id. */
export function importRunJobId(importJobId: number, confirmedAt: Date): string {
  return `import-run-${importJobId}-${confirmedAt.getTime()}`;
}

async function enqueueRun(workspaceId: number, importJobId: number, confirmedAt: Date): Promise<void> {
  try {
    await enqueue("import.run", { workspaceId, importJobId }, { jobId: importRunJobId(importJobId, confirmedAt) });
  } catch (err) {
    // Not queued: return the import to the state the user can act on again.
    await db.importJob.updateMany({ where: { id: importJobId, workspaceId, confirmedAt }, data: { confirmedAt: null, status: "QUEUED" } });
    throw err;
  }
}

/**
 * Confirms a draft's mapping and queues the import. Refuses a mapping with
 * problems (VALIDATION, listing them) and an import already started (CONFLICT).
 */
export async function startImport(params: { workspaceId: number; userId: string; importJobId: number; input: ImportMappingInput }): Promise<void> {
  const { workspaceId, userId, importJobId, input } = params;
  const job = await loadImport(workspaceId, importJobId);
  if (job.confirmedAt) throw new AppError("CONFLICT", "This import has already been started.");
  const attributeColumns = IMPORT_KINDS[job.kind].keepsAttributes ? input.attributeColumns : [];
  const problems = mappingProblems(job.kind, job.options.headers, input.mapping, attributeColumns);
  if (problems.length > 0) throw new AppError("VALIDATION", problems[0] ?? "The mapping is incomplete.", { problems });
  const options: ImportOptions = {
    ...job.options,
    attributeColumns,
    dateOrder: input.dateOrder !== undefined ? input.dateOrder : job.options.dateOrder,
    decimalSeparator: input.decimalSeparator ?? job.options.decimalSeparator,
  };
  const confirmedAt = new Date();
  const claimed = await withTransaction(async (client) => {
    const res = await client.query(
      `UPDATE import_job SET mapping = $1::jsonb, options = $2::jsonb, confirmed_at = $3::timestamptz, status = 'QUEUED'
        WHERE id = $4::int4 AND workspace_id = $5::int4 AND confirmed_at IS NULL`,
      [JSON.stringify(input.mapping), JSON.stringify(options), confirmedAt, importJobId, workspaceId],
    );
    if (res.rowCount === 0) return false;
    await audit(client, {
      workspaceId,
      actorUserId: userId,
      action: "import.started",
      targetType: "import_job",
      targetId: String(importJobId),
      metadata: { kind: job.kind, fileName: job.fileName, mapping: input.mapping },
    });
    return true;
  });
  if (!claimed) throw new AppError("CONFLICT", "This import has already been started.");
  await enqueueRun(workspaceId, importJobId, confirmedAt);
}

/** Runs a failed import again with the same mapping (safe: rows are upserted by external id). */
export async function retryImport(params: { workspaceId: number; userId: string; importJobId: number }): Promise<void> {
  const { workspaceId, userId, importJobId } = params;
  const confirmedAt = new Date();
  await withTransaction(async (client) => {
    const res = await client.query(
      `UPDATE import_job SET status = 'QUEUED', confirmed_at = $1::timestamptz, error = NULL
        WHERE id = $2::int4 AND workspace_id = $3::int4 AND status = 'FAILED' AND confirmed_at IS NOT NULL`,
      [confirmedAt, importJobId, workspaceId],
    );
    if (res.rowCount === 0) {
      // An id of another workspace, or none, is the same 404 as everywhere; only an existing import in the wrong state is a conflict.
      const exists = await client.query(`SELECT 1 FROM import_job WHERE id = $1::int4 AND workspace_id = $2::int4`, [importJobId, workspaceId]);
      if (exists.rowCount === 0) throw new AppError("NOT_FOUND", "Import not found");
      throw new AppError("CONFLICT", "Only a failed import can be run again.");
    }
    await audit(client, { workspaceId, actorUserId: userId, action: "import.retried", targetType: "import_job", targetId: String(importJobId) });
  });
  try {
    await enqueue("import.run", { workspaceId, importJobId }, { jobId: importRunJobId(importJobId, confirmedAt) });
  } catch (err) {
    await db.importJob.updateMany({ where: { id: importJobId, workspaceId, confirmedAt }, data: { status: "FAILED", error: "Could not queue the import again; the job queue did not answer." } });
    throw err;
  }
}

/** Deletes an upload that was never started (and its file). */
export async function discardImport(params: { workspaceId: number; userId: string; importJobId: number }): Promise<void> {
  const { workspaceId, userId, importJobId } = params;
  await withTransaction(async (client) => {
    // The file goes with it (ON DELETE CASCADE).
    const res = await client.query(`DELETE FROM import_job WHERE id = $1::int4 AND workspace_id = $2::int4 AND confirmed_at IS NULL`, [importJobId, workspaceId]);
    if (res.rowCount === 0) throw new AppError("NOT_FOUND", "No draft import with this id.");
    await audit(client, { workspaceId, actorUserId: userId, action: "import.discarded", targetType: "import_job", targetId: String(importJobId) });
  });
}
