import { IMPORT_KINDS } from "../import-kinds.ts";
import { audit } from "../../audit.ts";
import { withTransaction } from "../../db/transaction.ts";
import type { ImportKind } from "../../db/generated/enums.ts";
import { AppError } from "../../errors.ts";
import { textProblem } from "../../storable-text.ts";
import { checkHeaderRow } from "../csv/check-header.ts";
import { decodeCsvBytes } from "../csv/decode-file.ts";
import { readSample } from "../csv/read-sample.ts";
import { detectDelimiter, scanCsv } from "../csv/scan-csv.ts";
import { detectMapping } from "../detect-mapping.ts";
import { fieldsFor } from "../fields.ts";
import type { ImportOptions } from "./import-options.schema.ts";
import { limitBreachError } from "./limit-breach-error.ts";
import { MAX_IMPORT_BYTES, SAMPLE_ROWS, UPLOAD_CSV_LIMITS } from "./limits.ts";
import { localeFromSample } from "./resolve-locale.ts";

export interface CreateImportInput {
  workspaceId: number;
  userId: string;
  kind: ImportKind;
  fileName: string;
  bytes: Uint8Array;
}

const MB = 1024 * 1024;

/**
 * Accepts an uploaded CSV as a draft import: checks it is a readable CSV
 * within the shape limits (limits.ts) with a header, data rows and at least
 * one recognisable column, guesses the mapping, and stores file and guesses.
 * Nothing is imported until the user confirms the mapping (startImport).
 * A refused file stores nothing: every check runs before the one write.
 */
export async function createImport(input: CreateImportInput): Promise<{ id: number }> {
  if (input.bytes.length > MAX_IMPORT_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The file is ${(input.bytes.length / MB).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / MB} MB. Split it into several files.`);
  }
  const nameProblem = textProblem(input.fileName);
  if (nameProblem) throw new AppError("VALIDATION", `The file name ${nameProblem}; rename the file.`, [{ path: "file", message: `name ${nameProblem}` }]);
  const { text, encoding } = decodeCsvBytes(input.bytes);
  const delimiter = detectDelimiter(text);
  // The shape limits are checked before the file is parsed into records: nothing proportional to its width is built for a refused file.
  const scan = scanCsv(text, delimiter, UPLOAD_CSV_LIMITS);
  if (scan.breach) throw limitBreachError(scan.breach);
  if (scan.unclosedQuoteLine !== null) {
    throw new AppError("VALIDATION", `A quoted value opened on line ${scan.unclosedQuoteLine} is never closed, so the rest of the file would run together. Fix the quotes and upload again.`);
  }
  const sample = await readSample(text, delimiter, SAMPLE_ROWS);
  checkHeaderRow(sample.headers.map((h) => (/^column_\d+$/.test(h) ? "" : h)));
  if (sample.rows.length === 0) throw new AppError("VALIDATION", "The file has a header row but no data rows.");

  const mapping = detectMapping(input.kind, sample.headers);
  if (Object.keys(mapping).length === 0) {
    const expected = fieldsFor(input.kind)
      .filter((f) => f.required)
      .map((f) => `${f.key} (${f.label})`)
      .join(", ");
    throw new AppError(
      "VALIDATION",
      `None of the columns (${sample.headers.slice(0, 8).join(", ")}${sample.headers.length > 8 ? ", …" : ""}) is recognisable as a ${IMPORT_KINDS[input.kind].singular} field. ` +
        `Check that you chose the right import type and that the first line names the columns; required: ${expected}.`,
    );
  }
  const mappedHeaders = new Set(Object.values(mapping));
  const options: ImportOptions = {
    encoding,
    delimiter,
    headers: sample.headers,
    // Customers and products keep unmapped columns as attributes unless the user says otherwise.
    attributeColumns: IMPORT_KINDS[input.kind].keepsAttributes ? sample.headers.filter((h) => !mappedHeaders.has(h)) : [],
    ...localeFromSample(input.kind, sample.headers, mapping, sample.rows),
  };
  const fileName = input.fileName.trim().slice(0, 255) || "upload.csv";
  return withTransaction(async (client) => {
    const created = await client.query<{ id: number }>(
      `INSERT INTO import_job (workspace_id, kind, file_name, file_size, mapping, options, total_rows, created_by_id)
       VALUES ($1::int4, $2::"ImportKind", $3::text, $4::int4, $5::jsonb, $6::jsonb, $7::int4, $8::text) RETURNING id`,
      [input.workspaceId, input.kind, fileName, input.bytes.length, JSON.stringify(mapping), JSON.stringify(options), scan.dataRows, input.userId],
    );
    const id = created.rows[0]!.id;
    await client.query(`INSERT INTO import_file (import_job_id, content) VALUES ($1::int4, $2::bytea)`, [
      id,
      Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength),
    ]);
    await audit(client, {
      workspaceId: input.workspaceId,
      actorUserId: input.userId,
      action: "import.uploaded",
      targetType: "import_job",
      targetId: String(id),
      metadata: { kind: input.kind, fileName, rows: scan.dataRows },
    });
    return { id };
  });
}
