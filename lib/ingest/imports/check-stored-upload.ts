import { db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { MAX_COLUMN_NAME_CHARS, MAX_COLUMNS, MAX_STORED_COLUMN_NAME_CHARS } from "./limits.ts";

const count = (n: number) => n.toLocaleString("en-US");

/**
 * Refuses an upload stored before the shape limits existed (or by anything
 * else that skipped them) before its column list is read into memory: the
 * header is measured in Postgres, and a million stored column names never
 * reach Node. NOT_FOUND for another workspace's id; VALIDATION, saying to
 * delete the upload, when it is over a limit.
 */
export async function checkStoredUpload(workspaceId: number, importJobId: number): Promise<void> {
  const rows = await db.$queryRaw<{ header_count: number | null; longest_name: number | null }[]>`
    SELECT h.header_count,
           CASE WHEN h.header_count <= ${MAX_COLUMNS}
                THEN (SELECT max(length(name)) FROM jsonb_array_elements_text(h.headers) AS name) END AS longest_name
    FROM (SELECT options -> 'headers' AS headers,
                 CASE WHEN jsonb_typeof(options -> 'headers') = 'array' THEN jsonb_array_length(options -> 'headers') END AS header_count
          FROM import_job
          WHERE id = ${importJobId} AND workspace_id = ${workspaceId}) h`;
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "Import not found");
  if (row.header_count !== null && row.header_count > MAX_COLUMNS) {
    throw new AppError(
      "VALIDATION",
      `This upload has ${count(row.header_count)} columns, more than the ${count(MAX_COLUMNS)} an upload may have, so it cannot be previewed or imported. ` +
        `Delete it and upload a narrower file with the columns you import.`,
      { limit: "columns", max: MAX_COLUMNS, columns: row.header_count },
    );
  }
  if (row.longest_name !== null && row.longest_name > MAX_STORED_COLUMN_NAME_CHARS) {
    throw new AppError(
      "VALIDATION",
      `A column name in this upload is ${count(row.longest_name)} characters long, more than the ${count(MAX_COLUMN_NAME_CHARS)} a column name may have, so it cannot be previewed or imported. ` +
        `Delete it and upload a file with a header row of short column names.`,
      { limit: "columnName", max: MAX_COLUMN_NAME_CHARS },
    );
  }
}
