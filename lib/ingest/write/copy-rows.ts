import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import copyStreams from "pg-copy-streams";

export type CopyValue = string | number | boolean | null | undefined;

// COPY text format: backslash escapes for the characters that separate fields and rows.
function escapeCopy(value: CopyValue): string {
  if (value === null || value === undefined) return "\\N";
  const s = typeof value === "string" ? value : String(value);
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

const ROWS_PER_CHUNK = 1000;

function* encode(rows: Iterable<CopyValue[]>): Generator<string> {
  let chunk = "";
  let n = 0;
  for (const row of rows) {
    chunk += row.map(escapeCopy).join("\t") + "\n";
    if (++n === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = "";
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

/**
 * Bulk-loads rows into a (staging) table with COPY FROM STDIN. `table` and
 * `columns` are identifiers fixed in code, never user input; values travel as
 * COPY data, not SQL text.
 */
export async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: Iterable<CopyValue[]>): Promise<void> {
  const sink = client.query(copyStreams.from(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(encode(rows)), sink);
}

async function* encodeStream(rows: AsyncIterable<CopyValue[]>): AsyncGenerator<string> {
  let chunk = "";
  let n = 0;
  for await (const row of rows) {
    chunk += row.map(escapeCopy).join("\t") + "\n";
    if (++n === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = "";
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

/**
 * COPY from rows produced as they are read (a file parsed and checked row by
 * row): memory stays at one chunk whatever the number of rows, and COPY's
 * back-pressure paces the producer.
 */
export async function copyRowStream(client: pg.PoolClient, table: string, columns: readonly string[], rows: AsyncIterable<CopyValue[]>): Promise<void> {
  const sink = client.query(copyStreams.from(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(encodeStream(rows)), sink);
}

/**
 * Fills a writer's staging table: created once per pooled connection with ON
 * COMMIT DELETE ROWS (creating and dropping one per API request would churn
 * the system catalogs), emptied, loaded by COPY, and analysed when the batch
 * is large (a temporary table has no statistics, and the planner then
 * guesses badly for the upsert that reads it). Run inside a transaction.
 */
export async function fillStagingTable(
  client: pg.PoolClient,
  stage: { table: string; columnsDdl: string; columns: readonly string[] },
  rows: Iterable<CopyValue[]>,
  rowCount: number,
): Promise<void> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage.table} (${stage.columnsDdl}) ON COMMIT DELETE ROWS`);
  await client.query(`DELETE FROM ${stage.table}`);
  await copyRows(client, stage.table, stage.columns, rows);
  if (rowCount >= 1000) await client.query(`ANALYZE ${stage.table}`);
}
