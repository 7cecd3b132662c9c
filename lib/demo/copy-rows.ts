import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const WRITE_BYTES = 256 * 1024;

function* joinedBatches(lines: readonly string[]): Generator<string> {
  let batch: string[] = [];
  let size = 0;
  for (const line of lines) {
    batch.push(line);
    size += line.length;
    if (size >= WRITE_BYTES) {
      yield batch.join("");
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield batch.join("");
}

/**
 * Streams pre-formatted COPY text lines into `COPY ... FROM STDIN` on the
 * given client, with backpressure; resolves once the server has accepted them.
 */
export async function copyLines(client: pg.ClientBase, copySql: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await pipeline(joinedBatches(lines), client.query(copyFrom(copySql)));
}
