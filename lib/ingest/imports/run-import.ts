import { audit } from "../../audit.ts";
import { db } from "../../db/client.ts";
import { pool } from "../../db/pool.ts";
import { isAppError } from "../../errors.ts";
import { customerDataChanged } from "../after-ingest.ts";
import { requestRecommendationsBuild } from "../../recommendations/request-recommendations-build.ts";
import { IMPORT_KINDS } from "../import-kinds.ts";
import { decodeCsvBytes } from "../csv/decode-file.ts";
import { readCsvRecords } from "../csv/read-records.ts";
import { withTransaction } from "../../db/transaction.ts";
import { loadWorkspaceContext } from "../write/workspace-context.ts";
import { writeImportBatch } from "../write/write-import-batch.ts";
import type { ImportValue } from "../entity-schemas.ts";
import type { WriteResult } from "../write/write-result.ts";
import { IMPORT_BATCH_ROWS, MAX_STORED_ERRORS } from "./limits.ts";
import { loadImport, type LoadedImport } from "./load-import.ts";
import { readImportFile } from "./read-import-file.ts";
import { createRowConverter, type RowError } from "./row-converter.ts";

export interface RunImportOptions {
  batchRows?: number;
  onProgress?: (percent: number) => Promise<void>;
  /** The queue will try again after a failure: the import stays QUEUED with the reason instead of FAILED. */
  willRetry?: boolean;
}

export interface ImportTotals {
  processedRows: number;
  insertedRows: number;
  updatedRows: number;
  unchangedRows: number;
  createdCustomers: number;
  errorCount: number;
}

export type RunImportResult = { status: "SUCCEEDED"; totals: ImportTotals } | { status: "SKIPPED"; reason: string };

interface Batch {
  values: ImportValue[];
  /** The file line each value was read from (values[i] from lines[i]). */
  lines: number[];
  errors: RowError[];
  rejectedRows: number;
  rows: number;
  firstLine: number;
  lastLine: number;
}

function emptyBatch(): Batch {
  return { values: [], lines: [], errors: [], rejectedRows: 0, rows: 0, firstLine: 0, lastLine: 0 };
}

/** Marks the import RUNNING and resets its counters; false when it is not runnable (finished, or still a draft). */
async function claim(workspaceId: number, importJobId: number): Promise<boolean> {
  const res = await db.importJob.updateMany({
    where: { id: importJobId, workspaceId, confirmedAt: { not: null }, status: { in: ["QUEUED", "RUNNING", "FAILED"] } },
    data: {
      status: "RUNNING",
      startedAt: new Date(),
      finishedAt: null,
      error: null,
      processedRows: 0,
      insertedRows: 0,
      updatedRows: 0,
      unchangedRows: 0,
      createdCustomers: 0,
      errorCount: 0,
      errors: [],
    },
  });
  return res.count === 1;
}

/** Rows the writer refused (an order line naming an unknown order or product), as the result page lists them. */
function rejectedRowErrors(batch: Batch, written: WriteResult, headerFor: (field: string) => string): RowError[] {
  return written.rejected.map((r) => {
    const value = (batch.values[r.seq] as Record<string, unknown> | undefined)?.[r.field];
    return { line: batch.lines[r.seq] ?? 0, column: headerFor(r.field), reason: r.reason, value: typeof value === "string" ? value.slice(0, 200) : "" };
  });
}

/**
 * Runs a confirmed CSV import: streams the stored file through csv-parse,
 * validates each row with the entity schema, and writes each batch (rows and
 * progress counters together) in one transaction through the same writers
 * the REST API uses. Rejected rows are recorded with line, column and reason
 * while valid rows go in. A batch that fails for any other reason rolls back
 * whole and the error is rethrown: with `willRetry` the import waits QUEUED
 * with the reason for the queue's next attempt, otherwise it is marked FAILED
 * with it (re-running is always safe: rows are upserted).
 */
export async function runImport(workspaceId: number, importJobId: number, options: RunImportOptions = {}): Promise<RunImportResult> {
  const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
  if (!(await claim(workspaceId, importJobId))) return { status: "SKIPPED", reason: "The import is finished or not confirmed." };
  let job: LoadedImport;
  try {
    job = await loadImport(workspaceId, importJobId);
  } catch (err) {
    // An upload over the shape limits (stored before they were checked) can never run; it must not stay RUNNING.
    if (isAppError(err)) await markUnrunnable(workspaceId, importJobId, err.message);
    throw err;
  }
  const totals: ImportTotals = { processedRows: 0, insertedRows: 0, updatedRows: 0, unchangedRows: 0, createdCustomers: 0, errorCount: 0 };
  let storedErrors = 0;
  let batch = emptyBatch();

  const write = async (current: Batch, headerFor: (field: string) => string): Promise<void> => {
    let written: WriteResult;
    let keep: RowError[] = [];
    let rejectedRows = current.rejectedRows;
    try {
      written = await withTransaction(async (client) => {
        const ctx = await loadWorkspaceContext(client, workspaceId);
        const result = await writeImportBatch(client, ctx, job.kind, current.values);
        // Problems in file order: the writer's refusals are merged in by line.
        const errors = [...current.errors, ...rejectedRowErrors(current, result, headerFor)].sort((a, b) => a.line - b.line);
        keep = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - storedErrors));
        rejectedRows = current.rejectedRows + result.rejected.length;
        await client.query(
          `UPDATE import_job SET
             processed_rows = processed_rows + $3, inserted_rows = inserted_rows + $4, updated_rows = updated_rows + $5,
             unchanged_rows = unchanged_rows + $6, created_customers = created_customers + $7,
             error_count = error_count + $8, errors = errors || $9::jsonb
           WHERE id = $1 AND workspace_id = $2`,
          [importJobId, workspaceId, current.rows, result.inserted, result.updated, result.unchanged, result.createdCustomers, rejectedRows, JSON.stringify(keep)],
        );
        return result;
      });
    } catch (err) {
      const done = totals.processedRows;
      throw new ImportBatchError(
        `Writing the rows on lines ${current.firstLine}–${current.lastLine} failed: ${(err as Error).message}. ` +
          (done > 0 ? `The ${done.toLocaleString("en-US")} rows before them were imported; ` : "") +
          "nothing from this batch was written. Running the import again is safe.",
        { cause: err },
      );
    }
    storedErrors += keep.length;
    totals.processedRows += current.rows;
    totals.insertedRows += written.inserted;
    totals.updatedRows += written.updated;
    totals.unchangedRows += written.unchanged;
    totals.createdCustomers += written.createdCustomers;
    totals.errorCount += rejectedRows;
    if (options.onProgress && job.totalRows > 0) await options.onProgress(Math.min(99, (100 * totals.processedRows) / job.totalRows));
  };

  // Batches are written one at a time and in file order, but the next batch is
  // parsed and validated while the previous one is being written, so Node and
  // Postgres work side by side instead of taking turns.
  let inFlight: Promise<void> = Promise.resolve();
  let headerFor = (field: string): string => field;
  const submit = async (): Promise<void> => {
    if (batch.rows === 0) return;
    const current = batch;
    batch = emptyBatch();
    await inFlight;
    inFlight = write(current, headerFor);
    // Its failure surfaces at the next `await inFlight`; until then it must not count as unhandled.
    inFlight.catch(() => undefined);
  };

  try {
    const file = await readImportFile(workspaceId, importJobId);
    const { text } = decodeCsvBytes(file.bytes, job.options.encoding);
    const converter = createRowConverter({
      kind: job.kind,
      headers: job.options.headers,
      mapping: job.mapping,
      attributeColumns: job.options.attributeColumns,
      locale: { dateOrder: job.options.dateOrder, decimalSeparator: job.options.decimalSeparator },
    });
    headerFor = converter.headerFor;
    let header = true;
    for await (const record of readCsvRecords(text, job.options.delimiter)) {
      if (header) {
        header = false;
        continue;
      }
      const row = converter.convert(record);
      if (batch.rows === 0) batch.firstLine = record.line;
      batch.lastLine = record.line;
      batch.rows++;
      if (row.ok) {
        batch.values.push(row.value);
        batch.lines.push(record.line);
      } else {
        batch.rejectedRows++;
        batch.errors.push(...row.errors);
      }
      if (batch.rows >= batchRows) await submit();
    }
    await submit();
    await inFlight;
  } catch (err) {
    // Never record the outcome while a write may still commit behind it.
    await inFlight.then(
      () => undefined,
      () => undefined,
    );
    const message = err instanceof ImportBatchError || isAppError(err) ? err.message : `The import stopped: ${(err as Error).message}`;
    // A file that cannot be read fails for good; anything else may heal on the queue's next attempt.
    if (options.willRetry && !isAppError(err)) await markRetrying(job, `${message} Retrying automatically.`);
    else await finish(job, totals, "FAILED", message);
    throw err;
  }
  await finish(job, totals, "SUCCEEDED", null);
  if (options.onProgress) await options.onProgress(100);
  return { status: "SUCCEEDED", totals };
}

/** Rows added by one import above which its table's statistics are refreshed (IMPORT_KINDS.analyseAfter says why). */
const ANALYSE_AFTER_ROWS = 10_000;

async function analyseGrownTable(job: LoadedImport, totals: ImportTotals): Promise<void> {
  if (totals.insertedRows + totals.createdCustomers < ANALYSE_AFTER_ROWS) return;
  for (const table of IMPORT_KINDS[job.kind].analyseAfter) {
    try {
      // ANALYZE reads a sample of the table (30,000 rows at the default statistics target), not all of it.
      await pool.query(`ANALYZE ${table}`);
    } catch (err) {
      // The rows are in; stale statistics only make the next import slower until autovacuum catches up.
      console.error(`import ${job.id}: could not analyse ${table}:`, (err as Error).message);
    }
  }
}

async function markUnrunnable(workspaceId: number, importJobId: number, error: string): Promise<void> {
  await db.importJob.updateMany({ where: { id: importJobId, workspaceId }, data: { status: "FAILED", error, finishedAt: new Date() } });
}

async function markRetrying(job: LoadedImport, error: string): Promise<void> {
  try {
    await db.importJob.updateMany({ where: { id: job.id, workspaceId: job.workspaceId }, data: { status: "QUEUED", error } });
  } catch (bookkeeping) {
    console.error(`import ${job.id}: could not record the failed attempt:`, (bookkeeping as Error).message);
  }
}

async function finish(job: LoadedImport, totals: ImportTotals, status: "SUCCEEDED" | "FAILED", error: string | null): Promise<void> {
  const wrote = totals.insertedRows + totals.updatedRows + totals.createdCustomers > 0;
  try {
    await withTransaction(async (client) => {
      await client.query(
        // The actual row count replaces the upload-time estimate, so the bar ends full.
        `UPDATE import_job SET status = $1::"RunStatus", error = $2::text, finished_at = $3::timestamptz,
                total_rows = CASE WHEN $1::"RunStatus" = 'SUCCEEDED' THEN $4::int4 ELSE total_rows END
          WHERE id = $5::int4 AND workspace_id = $6::int4`,
        [status, error, new Date(), totals.processedRows, job.id, job.workspaceId],
      );
      await audit(client, {
        workspaceId: job.workspaceId,
        actorUserId: job.createdById,
        action: status === "SUCCEEDED" ? "import.finished" : "import.failed",
        targetType: "import_job",
        targetId: String(job.id),
        metadata: { kind: job.kind, ...totals, ...(error ? { error } : {}) },
      });
    });
  } catch (bookkeeping) {
    // The database may be the reason the run failed; the queue still records the failure.
    if (status === "SUCCEEDED") throw bookkeeping;
    console.error(`import ${job.id}: could not record the failure:`, (bookkeeping as Error).message);
  }
  await analyseGrownTable(job, totals);
  if (wrote && IMPORT_KINDS[job.kind].feedsRecommendations) {
    try {
      await requestRecommendationsBuild(job.workspaceId, "import");
    } catch (hookError) {
      // The nightly schedule rebuilds the model in any case.
      console.error(`import ${job.id}: could not request a recommendations build:`, (hookError as Error).message);
    }
  }
  if (!wrote || !IMPORT_KINDS[job.kind].feedsAnalytics) return;
  try {
    await customerDataChanged(job.workspaceId, "import");
  } catch (hookError) {
    // The rows are in; a missed recompute is caught up by the nightly schedule, so the import still counts as done.
    console.error(`import ${job.id}: could not request a metrics recompute:`, (hookError as Error).message);
  }
}

/** A batch failed for a reason other than its rows (database, connection); carries the user-facing explanation. */
export class ImportBatchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ImportBatchError";
  }
}
