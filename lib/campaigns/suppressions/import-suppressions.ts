import { audit } from "../../audit.ts";
import { requirePermission } from "../../auth/require-permission.ts";
import type { ChannelKind } from "../../channels/channel.ts";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { decodeCsvBytes } from "../../ingest/csv/decode-file.ts";
import { readCsvRecords } from "../../ingest/csv/read-records.ts";
import { detectDelimiter, scanCsv } from "../../ingest/csv/scan-csv.ts";
import { limitBreachError } from "../../ingest/imports/limit-breach-error.ts";
import { MAX_IMPORT_BYTES, UPLOAD_CSV_LIMITS } from "../../ingest/imports/limits.ts";
import { copyRowStream } from "../../ingest/write/copy-rows.ts";
import { textProblem } from "../../storable-text.ts";
import { checkedSuppressionRows, suppressionCsvColumns, type RowCheck, type RowProblem } from "./check-suppression-rows.ts";

/**
 * Rows per file. An import is one transaction, checked in full before
 * anything is kept, and runs inside the request: 100k rows take a few
 * seconds (docs/campaigns.md has the measurements). A million took 10–20 s
 * of index writes alone, too close to the web server's 30 s statement limit,
 * so bigger lists are split into several files (each all-or-nothing).
 */
export const MAX_SUPPRESSION_IMPORT_ROWS = 100_000;

/** Problems listed in a refusal; the count covers them all. */
export const MAX_LISTED_PROBLEMS = 100;

const MB = 1024 * 1024;

export interface ImportSuppressionsInput {
  workspaceId: number;
  actorUserId: string;
  fileName: string;
  bytes: Uint8Array;
  /** For rows without a channel of their own (or a file without a channel column). */
  channel: ChannelKind | null;
  /** For rows without a note of their own. */
  note: string | null;
  /** The request was abandoned: stop, keep nothing. */
  signal?: AbortSignal;
}

export interface SuppressionImportResult {
  /** Data rows in the file. */
  rows: number;
  /** Addresses put on the list. */
  added: number;
  /** Addresses that were on the list already (their reason and note are kept). */
  alreadySuppressed: number;
  /** Rows naming an address an earlier row of the file named. */
  repeatedInFile: number;
  /** Columns other than address, channel and note, left alone. */
  ignoredColumns: string[];
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function refusal(problems: RowProblem[], problemCount: number): AppError {
  const rows = problemCount === 1 ? "1 row has a problem" : `${count(problemCount)} rows have problems`;
  const listed = problemCount > problems.length ? ` The first ${problems.length} are listed.` : "";
  const summary = `${rows}, so nothing was imported. Correct the file and upload it again.${listed}`;
  return new AppError("VALIDATION", `${summary} ${problems[0]!.message}`, {
    summary,
    problems: problems.map((p) => p.message),
    lines: problems.map((p) => p.line),
    problemCount,
  });
}

/**
 * Puts the addresses of a CSV file (columns: address, optional channel and
 * note) on the suppression list with reason "imported" (admins only). The
 * file is checked like any upload (encoding, shape limits, lib/ingest), then
 * streamed row by row into a staging table while each address is checked and
 * normalised for its channel; one INSERT … SELECT … ON CONFLICT DO NOTHING
 * then adds them. All or nothing: a single bad row, a refused file or an
 * abandoned request stores nothing, and the refusal names the lines.
 * Addresses already on the list keep their reason (a hard bounce stays one).
 */
export async function importSuppressions(input: ImportSuppressionsInput): Promise<SuppressionImportResult> {
  const refused = "Only admins can import suppressions.";
  await requirePermission(input.workspaceId, input.actorUserId, "settings.manage", refused);
  if (input.bytes.length > MAX_IMPORT_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The file is ${(input.bytes.length / MB).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / MB} MB. Split it into several files.`);
  }
  const nameProblem = textProblem(input.fileName);
  if (nameProblem) throw new AppError("VALIDATION", `The file name ${nameProblem}; rename the file.`);
  const { text } = decodeCsvBytes(input.bytes);
  const delimiter = detectDelimiter(text);
  const scan = scanCsv(text, delimiter, UPLOAD_CSV_LIMITS);
  if (scan.breach) throw limitBreachError(scan.breach);
  if (scan.unclosedQuoteLine !== null) {
    throw new AppError("VALIDATION", `A quoted value opened on line ${scan.unclosedQuoteLine} is never closed, so the rest of the file would run together. Fix the quotes and upload again.`);
  }
  if (scan.dataRows > MAX_SUPPRESSION_IMPORT_ROWS) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `The file has ${count(scan.dataRows)} rows; one import takes up to ${count(MAX_SUPPRESSION_IMPORT_ROWS)}. Split it into files of at most ${count(MAX_SUPPRESSION_IMPORT_ROWS)} rows and import each.`,
    );
  }
  const fileName = input.fileName.trim().slice(0, 255) || "suppressions.csv";

  return withTransaction(
    async (client) => {
      await requirePermission(input.workspaceId, input.actorUserId, "settings.manage", refused, client);
      const records = readCsvRecords(text, delimiter)[Symbol.asyncIterator]();
      try {
        const header = await records.next();
        if (header.done) throw new AppError("VALIDATION", "The file is empty.");
        const columns = suppressionCsvColumns(header.value.fields);
        const check: RowCheck = { columns, channel: input.channel, note: input.note, problems: [], problemCount: 0, maxProblems: MAX_LISTED_PROBLEMS, rowCount: 0 };
        await client.query(`CREATE TEMP TABLE suppression_import (line int4, channel text, address text, note text) ON COMMIT DROP`);
        await copyRowStream(client, "suppression_import", ["line", "channel", "address", "note"], checkedSuppressionRows(records, check));
        if (check.problemCount > 0) throw refusal(check.problems, check.problemCount);
        if (check.rowCount === 0) throw new AppError("VALIDATION", "The file has a header row but no data rows.");

        // Sorted like the indexes, so the new entries go in page by page rather than at random places.
        const { rows } = await client.query<{ distinct_rows: number; added: number }>(
          `WITH distinct_rows AS MATERIALIZED (
             SELECT DISTINCT ON (channel, address) channel, address, note FROM suppression_import ORDER BY channel, address, line
           ),
           added AS (
             INSERT INTO suppression (workspace_id, channel, address, reason, note, created_by)
             SELECT $1::int4, channel::"ChannelKind", address, 'imported', note, $2::text
               FROM distinct_rows ORDER BY channel, address COLLATE "C"
             ON CONFLICT (workspace_id, channel, address) DO NOTHING
             RETURNING 1
           )
           SELECT (SELECT count(*) FROM distinct_rows)::int4 AS distinct_rows, (SELECT count(*) FROM added)::int4 AS added`,
          [input.workspaceId, input.actorUserId],
        );
        const { distinct_rows: distinctRows, added } = rows[0]!;
        const result: SuppressionImportResult = {
          rows: check.rowCount,
          added,
          alreadySuppressed: distinctRows - added,
          repeatedInFile: check.rowCount - distinctRows,
          ignoredColumns: columns.ignored,
        };
        await audit(client, {
          workspaceId: input.workspaceId,
          actorUserId: input.actorUserId,
          action: "suppression.import",
          targetType: "suppression",
          metadata: { fileName, channel: input.channel, rows: result.rows, added: result.added, alreadySuppressed: result.alreadySuppressed, repeatedInFile: result.repeatedInFile },
        });
        return result;
      } finally {
        await records.return?.(undefined);
      }
    },
    { signal: input.signal },
  );
}
