import { db, type Prisma } from "../../db/client.ts";
import type { ImportKind, RunStatus } from "../../db/generated/enums.ts";
import { AppError } from "../../errors.ts";
import { clipText } from "./clip-text.ts";
import { MAX_STORED_COLUMN_NAME_CHARS, PREVIEW_CELL_CHARS } from "./limits.ts";
import type { RowError } from "./row-converter.ts";

/** An import as pages and the status route show it (plain JSON: dates as ISO strings). */
export interface ImportSummary {
  id: number;
  kind: ImportKind;
  status: RunStatus;
  /** Uploaded, mapping not confirmed yet. */
  draft: boolean;
  fileName: string;
  fileSize: number;
  totalRows: number;
  processedRows: number;
  insertedRows: number;
  updatedRows: number;
  unchangedRows: number;
  createdCustomers: number;
  errorCount: number;
  /** 0–100, from processed/total rows. */
  progress: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const select = {
  id: true,
  kind: true,
  status: true,
  confirmedAt: true,
  fileName: true,
  fileSize: true,
  totalRows: true,
  processedRows: true,
  insertedRows: true,
  updatedRows: true,
  unchangedRows: true,
  createdCustomers: true,
  errorCount: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const satisfies Prisma.ImportJobSelect;

type Row = Prisma.ImportJobGetPayload<{ select: typeof select }>;

function toSummary(r: Row): ImportSummary {
  const progress = r.status === "SUCCEEDED" ? 100 : r.totalRows > 0 ? Math.min(100, Math.round((100 * r.processedRows) / r.totalRows)) : 0;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    draft: r.confirmedAt === null,
    fileName: r.fileName,
    fileSize: r.fileSize,
    totalRows: r.totalRows,
    processedRows: r.processedRows,
    insertedRows: r.insertedRows,
    updatedRows: r.updatedRows,
    unchangedRows: r.unchangedRows,
    createdCustomers: r.createdCustomers,
    errorCount: r.errorCount,
    progress,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

export async function getImport(workspaceId: number, importJobId: number): Promise<ImportSummary> {
  const row = await db.importJob.findFirst({ where: { id: importJobId, workspaceId }, select });
  if (!row) throw new AppError("NOT_FOUND", "Import not found");
  return toSummary(row);
}

/** Newest first; the import page's history. */
export async function listImports(workspaceId: number, limit = 50): Promise<ImportSummary[]> {
  const rows = await db.importJob.findMany({ where: { workspaceId }, select, orderBy: { id: "desc" }, take: Math.min(Math.max(limit, 1), 200) });
  return rows.map(toSummary);
}

/**
 * The stored rejected cells, in file order. Column names and values are cut
 * for display (an import run before the shape limits may have stored a
 * column name of any length).
 */
export async function getImportErrors(workspaceId: number, importJobId: number, limit?: number): Promise<RowError[]> {
  const row = await db.importJob.findFirst({ where: { id: importJobId, workspaceId }, select: { errors: true } });
  if (!row) throw new AppError("NOT_FOUND", "Import not found");
  const errors = Array.isArray(row.errors) ? (row.errors as unknown as RowError[]) : [];
  return (limit === undefined ? errors : errors.slice(0, limit)).map((e) => ({
    ...e,
    column: clipText(String(e.column), MAX_STORED_COLUMN_NAME_CHARS),
    value: clipText(String(e.value), PREVIEW_CELL_CHARS),
  }));
}
