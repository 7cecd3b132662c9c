import { db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import type { FieldMapping } from "../detect-mapping.ts";
import { checkStoredUpload } from "./check-stored-upload.ts";
import { importOptionsSchema, type ImportOptions } from "./import-options.schema.ts";

const select = {
  id: true,
  workspaceId: true,
  kind: true,
  status: true,
  fileName: true,
  fileSize: true,
  mapping: true,
  options: true,
  confirmedAt: true,
  totalRows: true,
  createdById: true,
} as const;

/**
 * One import of the workspace with its parsed mapping and options; NOT_FOUND
 * for another workspace's id, VALIDATION for an upload over the shape limits
 * (whose column list is never loaded).
 */
export async function loadImport(workspaceId: number, importJobId: number) {
  await checkStoredUpload(workspaceId, importJobId);
  const job = await db.importJob.findFirst({ where: { id: importJobId, workspaceId }, select });
  if (!job) throw new AppError("NOT_FOUND", "Import not found");
  const options: ImportOptions = importOptionsSchema.parse(job.options);
  const mapping = (job.mapping ?? {}) as FieldMapping;
  return { ...job, options, mapping };
}

export type LoadedImport = Awaited<ReturnType<typeof loadImport>>;
