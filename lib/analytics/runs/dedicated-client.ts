import type pg from "pg";
import { pool } from "../../db/pool.ts";

/**
 * Runs `fn` on one pooled connection of its own (temp tables, a long
 * transaction, COPY). If the server drops the connection mid-run, pg emits
 * 'error' on the client as well as failing the pending query; the listener
 * keeps that from becoming an uncaught exception that takes the worker
 * down, and the connection is destroyed instead of going back to the pool.
 * `discard` destroys it in any case (to drop session temp tables).
 */
export async function withDedicatedClient<T>(fn: (client: pg.PoolClient) => Promise<T>, options: { discard?: boolean } = {}): Promise<T> {
  const client = await pool.connect();
  let lost = false;
  const onError = (err: Error) => {
    lost = true;
    console.error("analytics connection lost:", err.message);
  };
  client.on("error", onError);
  try {
    return await fn(client);
  } finally {
    client.off("error", onError);
    client.release(lost || options.discard === true);
  }
}
