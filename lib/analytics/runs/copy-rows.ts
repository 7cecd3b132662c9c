import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export type CopyValue = number | string | null;

/**
 * Streams rows into a table with COPY FROM STDIN (text format). Numbers are
 * written in JavaScript's shortest round-trip form, which float8 parses back
 * exactly; a non-finite number is a bug upstream and fails the copy loudly
 * rather than storing NaN. `table` and `columns` are code constants, never
 * user input.
 */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<void> {
  const sql = `COPY ${table} (${columns.join(", ")}) FROM STDIN`;
  await pipeline(Readable.from(encodeLines(rows, table)), client.query(copyFrom(sql)));
}

function* encodeLines(rows: Iterable<readonly CopyValue[]>, table: string): Generator<string> {
  let chunk = "";
  let inChunk = 0;
  for (const row of rows) {
    chunk += row.map((value) => encodeValue(value, table)).join("\t") + "\n";
    if (++inChunk === 5000) {
      yield chunk;
      chunk = "";
      inChunk = 0;
    }
  }
  if (chunk) yield chunk;
}

function encodeValue(value: CopyValue, table: string): string {
  if (value === null) return "\\N";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`Refusing to copy a non-finite number (${value}) into ${table}.`);
    return String(value);
  }
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}
