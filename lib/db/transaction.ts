import type pg from "pg";
import { pool } from "./pool.ts";

/**
 * Runs `work` in one transaction on one pooled connection (COPY, temporary
 * staging tables and row locks need a single session). Any error rolls back
 * everything `work` did. A checked-out client that loses its connection
 * emits "error" as well as failing the pending query; the listener keeps
 * that from crashing the process, and such a connection (or one whose
 * ROLLBACK failed) is discarded instead of going back to the pool.
 */
export async function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on("error", onError);
  try {
    await client.query(options.readOnly ? "BEGIN READ ONLY" : "BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw err;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

/** A unique violation: 23505 from Postgres (directly or as a driver error's cause), P2002 from Prisma. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === "23505" || e?.code === "P2002" || e?.cause?.code === "23505";
}
