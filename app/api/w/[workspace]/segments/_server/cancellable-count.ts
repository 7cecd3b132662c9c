import type pg from "pg";
import { pool } from "@/lib/db/pool";
import type { SegmentCount, SegmentSampleCustomer } from "@/lib/segments/count-segment";
import { appendParam } from "@/lib/segments/sql-params";
import { validateSegmentDefinition } from "@/lib/segments/validate-segment-definition";

/** Longest a live count may run; past it the rules are reported as too costly (422). */
export const COUNT_TIMEOUT_MS = 30_000;

/**
 * The engine's count (lib/segments/count-segment.ts, same query) made
 * cancellable: the builder re-counts on every pause in typing and abandons
 * the previous request, and at a million customers an abandoned count would
 * otherwise keep a connection and a core busy for seconds. When `signal`
 * aborts, the backend running the query is cancelled; a statement timeout
 * bounds the rest. JIT is off: compiling the plan costs more than it saves
 * on these one-off queries.
 */
export async function countSegmentCancellable(
  workspaceId: number,
  definitionInput: unknown,
  options: { sampleSize: number; signal?: AbortSignal },
): Promise<SegmentCount> {
  const { compiled } = await validateSegmentDefinition(workspaceId, definitionInput);
  const values = [...compiled.values];
  const limit = appendParam(values, Math.min(Math.max(options.sampleSize, 0), 100), "int4");
  const sql = `WITH matched AS MATERIALIZED (${compiled.text})
     SELECT (SELECT count(*) FROM matched) AS size,
            (SELECT count(*) FROM customer WHERE workspace_id = $1::int4) AS total,
            (SELECT COALESCE(json_agg(json_build_object('customerId', c.id::text, 'externalId', c.external_id, 'email', c.email,
                      'firstName', c.first_name, 'lastName', c.last_name) ORDER BY c.id), '[]'::json)
             FROM customer c
             WHERE c.workspace_id = $1::int4 AND c.id IN (SELECT customer_id FROM matched ORDER BY customer_id LIMIT ${limit})) AS sample`;

  options.signal?.throwIfAborted();
  const client = await pool.connect();
  const pid = (client as pg.PoolClient & { processID?: number }).processID;
  let cancelling: Promise<unknown> | null = null;
  const cancel = () => {
    // Issued on another connection; awaited before this client goes back to the pool, so it can only hit this query.
    if (pid !== undefined) cancelling ??= pool.query("SELECT pg_cancel_backend($1::int4)", [pid]).catch(() => undefined);
  };
  options.signal?.addEventListener("abort", cancel, { once: true });
  let broken: Error | undefined;
  try {
    await client.query("BEGIN READ ONLY");
    await client.query(`SET LOCAL statement_timeout = ${COUNT_TIMEOUT_MS}`);
    await client.query("SET LOCAL jit = off");
    const res = await client.query<{ size: string; total: string; sample: SegmentSampleCustomer[] }>(sql, values);
    await client.query("COMMIT");
    const row = res.rows[0]!;
    const size = Number(row.size);
    const totalCustomers = Number(row.total);
    return { size, totalCustomers, share: totalCustomers === 0 ? 0 : size / totalCustomers, sample: row.sample };
  } catch (err) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw err;
  } finally {
    options.signal?.removeEventListener("abort", cancel);
    if (cancelling) await cancelling;
    client.release(broken);
  }
}
