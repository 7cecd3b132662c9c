import { pool } from "../db/pool.ts";
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

/**
 * Live preview of an unsaved (or saved) definition: how many customers match
 * now, out of how many, and a few of them. One query; nothing is stored.
 */
export async function countSegment(workspaceId: number, definitionInput: unknown, options: { sampleSize?: number; now?: Date } = {}): Promise<SegmentCount> {
  const sampleSize = Number.isSafeInteger(options.sampleSize) ? Math.min(Math.max(options.sampleSize!, 0), 100) : 10;
  const { compiled } = await validateSegmentDefinition(workspaceId, definitionInput, { now: options.now });
  const values = [...compiled.values];
  const limit = appendParam(values, sampleSize, "int4");
  const res = await pool.query<{ size: string; total: string; sample: SegmentSampleCustomer[] }>(
    `WITH matched AS MATERIALIZED (${compiled.text})
     SELECT (SELECT count(*) FROM matched) AS size,
            (SELECT count(*) FROM customer WHERE workspace_id = $1::int4) AS total,
            (SELECT COALESCE(json_agg(json_build_object('customerId', c.id::text, 'externalId', c.external_id, 'email', c.email,
                      'firstName', c.first_name, 'lastName', c.last_name) ORDER BY c.id), '[]'::json)
             FROM customer c
             WHERE c.workspace_id = $1::int4 AND c.id IN (SELECT customer_id FROM matched ORDER BY customer_id LIMIT ${limit})) AS sample`,
    values,
  );
  const row = res.rows[0]!;
  const size = Number(row.size);
  const totalCustomers = Number(row.total);
  return { size, totalCustomers, share: totalCustomers === 0 ? 0 : size / totalCustomers, sample: row.sample };
}
