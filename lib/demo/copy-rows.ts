import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { CopyBuffer } from "./format-copy-rows.ts";

/**
 * Streams COPY text into `COPY ... FROM STDIN` on the given client, with
 * backpressure; resolves once the server has accepted every row.
 */
export async function copyRows(client: pg.ClientBase, copySql: string, rows: CopyBuffer): Promise<void> {
  const parts = rows.finish();
  if (parts.length === 0) return;
  await pipeline(parts, client.query(copyFrom(copySql)));
}
