import type pg from "pg";

/**
 * The unknown-customer rule: an order or event naming a customer_external_id
 * the workspace does not have creates that customer with only its external
 * id (no contact data, no consent), inside the same transaction as the orders
 * or events, so they are never orphaned and never rejected for arriving before
 * the customer record. A later customer import or API call fills in the rest.
 *
 * It is its own statement, just before the main upsert, rather than a CTE of
 * it: a customer committed by a concurrent import after the upsert's snapshot
 * would be invisible to a CTE and leave its orders without a customer id.
 * Returns how many customers were created.
 */
const INSERT_MISSING = {
  ingest_order_stage: `INSERT INTO customer (workspace_id, external_id)
     SELECT DISTINCT $1::int, s.customer_external_id FROM ingest_order_stage s
     WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.workspace_id = $1 AND c.external_id = s.customer_external_id)
     ORDER BY 2
     ON CONFLICT (workspace_id, external_id) DO NOTHING`,
  ingest_event_stage: `INSERT INTO customer (workspace_id, external_id)
     SELECT DISTINCT $1::int, s.customer_external_id FROM ingest_event_stage s
     WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.workspace_id = $1 AND c.external_id = s.customer_external_id)
     ORDER BY 2
     ON CONFLICT (workspace_id, external_id) DO NOTHING`,
} as const;

export async function ensureCustomers(client: pg.PoolClient, workspaceId: number, stageTable: keyof typeof INSERT_MISSING): Promise<number> {
  const res = await client.query(INSERT_MISSING[stageTable], [workspaceId]);
  return res.rowCount ?? 0;
}
