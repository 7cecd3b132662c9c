import type pg from "pg";
import { cancelRunningQuery } from "./cancel-query.ts";
import { pool } from "./pool.ts";

export interface TransactionOptions {
  readOnly?: boolean;
  /** Aborting cancels the running statement in Postgres (e.g. the HTTP request was abandoned). */
  signal?: AbortSignal;
}

/**
 * Runs `work` in one transaction on one pooled connection (COPY, temporary
 * staging tables and row locks need a single session). Any error rolls back
 * everything `work` did. A checked-out client that loses its connection
 * emits "error" as well as failing the pending query; the listener keeps
 * that from crashing the process, and such a connection (or one whose
 * ROLLBACK failed) is discarded instead of going back to the pool.
 *
 * An aborted `signal` cancels the running statement with a protocol-level
 * CancelRequest (no pooled connection needed, so cancelling can never wait
 * on the pool it is trying to free), and the connection is then discarded:
 * a cancel that reaches the server late must not hit the next borrower's query.
 */
export async function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  options.signal?.throwIfAborted();
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  let cancelling: Promise<void> | undefined;
  const onAbort = () => {
    cancelling ??= cancelRunningQuery(client);
  };
  client.on("error", onError);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    // Aborted while waiting for a connection: nothing has run yet.
    options.signal?.throwIfAborted();
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
    options.signal?.removeEventListener("abort", onAbort);
    client.off("error", onError);
    if (cancelling) {
      await cancelling;
      broken ??= new Error("statement cancelled; connection discarded");
    }
    client.release(broken);
  }
}

/** A unique violation: 23505 from Postgres (directly or as a driver error's cause), P2002 from Prisma. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === "23505" || e?.code === "P2002" || e?.cause?.code === "23505";
}
