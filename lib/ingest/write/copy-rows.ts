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
