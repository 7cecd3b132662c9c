import type pg from "pg";
import { pool } from "../db/pool.ts";

/**
 * Runs `work` in one transaction on one pooled connection. A failure rolls
 * back; a connection that died mid-way is discarded rather than returned to
 * the pool.
 */
export async function withPgTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client that loses its connection emits "error"; unheard, that would crash the process.
  const onError = (err: Error) => {
    broken = err;
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN");
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

/** Postgres unique violation (e.g. a segment name already taken). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "23505";
}
