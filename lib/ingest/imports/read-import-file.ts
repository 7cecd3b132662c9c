import { db, Prisma } from "../../db/client.ts";
import { AppError } from "../../errors.ts";

/**
 * The stored upload, whole or its first `prefixBytes` bytes (enough for a
 * preview without pulling a 50 MB file out of Postgres on every keystroke).
 */
export async function readImportFile(workspaceId: number, importJobId: number, prefixBytes?: number): Promise<{ bytes: Uint8Array; totalBytes: number }> {
  const content = prefixBytes === undefined ? Prisma.sql`f.content` : Prisma.sql`substring(f.content from 1 for ${prefixBytes}::int)`;
  const rows = await db.$queryRaw<{ content: Uint8Array; size: number }[]>`
    SELECT ${content} AS content, length(f.content)::int AS size
    FROM import_file f
    JOIN import_job j ON j.id = f.import_job_id
    WHERE f.import_job_id = ${importJobId} AND j.workspace_id = ${workspaceId}`;
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "The uploaded file is no longer stored.");
  return { bytes: row.content, totalBytes: row.size };
}
