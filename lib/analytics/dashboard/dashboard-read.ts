import type pg from "pg";
import { currentRequestSignal } from "../../db/request-signal.ts";
import { withTransaction } from "../../db/transaction.ts";

/**
 * A dashboard read's backstop: the aggregates answer in milliseconds, so a
 * statement still running after this long is a fault, not a slow page.
 */
export const DASHBOARD_STATEMENT_TIMEOUT_MS = 10_000;

/**
 * Runs a page's reads in one read-only REPEATABLE READ transaction (every
 * number on the page comes from the same moment), cancelled when the HTTP
 * request is abandoned (lib/db/request-signal.ts) or an explicit `signal`
 * aborts, and bounded by DASHBOARD_STATEMENT_TIMEOUT_MS.
 */
export function readDashboard<T>(work: (client: pg.PoolClient) => Promise<T>, signal: AbortSignal | undefined = currentRequestSignal()): Promise<T> {
  return withTransaction(
    async (client) => {
      await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      await client.query("SELECT set_config('statement_timeout', $1, true)", [String(DASHBOARD_STATEMENT_TIMEOUT_MS)]);
      return work(client);
    },
    { readOnly: true, signal },
  );
}
