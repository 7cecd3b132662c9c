import { withTransaction } from "../db/transaction.ts";
import { appendParam } from "./sql-params.ts";
import { validateSegmentDefinition } from "./validate-segment-definition.ts";

export interface SegmentSampleCustomer {
  customerId: string;
  externalId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface SegmentCount {
  size: number;
  totalCustomers: number;
  /** size / totalCustomers, 0 for a workspace without customers. */
  share: number;
  /** The first matching customers by id. */
  sample: SegmentSampleCustomer[];
}

export interface CountSegmentOptions {
  /** How many matching customers to return (0–100, default 10). */
  sampleSize?: number;
  now?: Date;
  /** Aborting cancels the running query in Postgres (the request was abandoned). */
  signal?: AbortSignal;
  /** Statement timeout; past it Postgres cancels the count (error code 57014). */
  timeoutMs?: number;
}

/**
 * Hash memory for the count's grouped window scans and joins: at 1M
 * customers the per-customer groups of a year of orders need ~20 MB, and at
 * the server's 4 MB default they spill to disk in batches.
 */
const COUNT_WORK_MEM = "32MB";

/** Session settings of a count (SET LOCAL: inside its read-only transaction). */
export const COUNT_SETTINGS = [`SET LOCAL work_mem = '${COUNT_WORK_MEM}'`, "SET LOCAL jit = off"] as const;

/**
 * Live preview of an unsaved (or saved) definition: how many customers match
 * now, out of how many, and a few of them. One query in a read-only
 * transaction; nothing is stored. The builder re-counts on every pause in
 * typing and abandons the previous request, so the query is cancellable
 * (`signal`) and bounded (`timeoutMs`). JIT is off: compiling the plan costs
 * more than it saves on these one-off queries.
 */
export async function countSegment(workspaceId: number, definitionInput: unknown, options: CountSegmentOptions = {}): Promise<SegmentCount> {
  const sampleSize = Number.isSafeInteger(options.sampleSize) ? Math.min(Math.max(options.sampleSize!, 0), 100) : 10;
  const timeoutMs = Number.isSafeInteger(options.timeoutMs) && options.timeoutMs! > 0 ? options.timeoutMs! : 0;
  const { compiled } = await validateSegmentDefinition(workspaceId, definitionInput, { now: options.now });
  const values = [...compiled.values];
  const limit = appendParam(values, sampleSize, "int4");
  const sql = `WITH matched AS MATERIALIZED (${compiled.text})
     SELECT (SELECT count(*) FROM matched) AS size,
            (SELECT count(*) FROM customer WHERE workspace_id = $1::int4) AS total,
            (SELECT COALESCE(json_agg(json_build_object('customerId', c.id::text, 'externalId', c.external_id, 'email', c.email,
                      'firstName', c.first_name, 'lastName', c.last_name) ORDER BY c.id), '[]'::json)
             FROM customer c
             WHERE c.workspace_id = $1::int4 AND c.id IN (SELECT customer_id FROM matched ORDER BY customer_id LIMIT ${limit})) AS sample`;

  return withTransaction(
    async (client) => {
      // SET cannot take bind parameters; both values are constants or a validated integer.
      if (timeoutMs > 0) await client.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
      for (const setting of COUNT_SETTINGS) await client.query(setting);
      const res = await client.query<{ size: string; total: string; sample: SegmentSampleCustomer[] }>(sql, values);
      const row = res.rows[0]!;
      const size = Number(row.size);
      const totalCustomers = Number(row.total);
      return { size, totalCustomers, share: totalCustomers === 0 ? 0 : size / totalCustomers, sample: row.sample };
    },
    { readOnly: true, signal: options.signal },
  );
}
