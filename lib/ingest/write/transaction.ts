import type pg from "pg";
import { pool } from "../../db/pool.ts";

/**
 * Runs `fn` in one transaction on one pooled connection (COPY and temporary
 * staging tables need a single session). Any error rolls back everything fn
 * did, so a batch is either fully written or not at all.
 *
 * The staging tables are created once per pooled connection (ON COMMIT
 * DELETE ROWS) rather than per call: creating and dropping a table for every
 * API request would churn the system catalogs at high request rates. The
 * writers therefore need a transaction around them; outside one, rows copied
 * into staging would be gone before the upsert reads them.
 */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    try {
      await client.query("ROLLBACK");
    } catch {
      // The connection itself failed; do not return it to the pool.
      broken = true;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}
