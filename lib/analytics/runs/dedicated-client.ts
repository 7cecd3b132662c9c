import type pg from "pg";
import { pool } from "../../db/pool.ts";

/**
 * Memory for the runs' sorts and hash joins (three window sorts and several
 * joins over every customer of a workspace): enough to keep 1M-customer
 * workspaces out of temp files. Set per run (set_config), never globally.
 */
export const ANALYTICS_WORK_MEM = "256MB";

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
