import type pg from "pg";
import type { OrderInput } from "../order.schema.ts";
import { fillStagingTable, type CopyValue } from "./copy-rows.ts";
import { ensureCustomers } from "./ensure-customers.ts";
import { timestampColumns } from "./timestamp-columns.ts";
import type { WorkspaceContext } from "./workspace-context.ts";
import { collectOutcomes, type WriteResult } from "./write-result.ts";

// Optional fields present in the input (even as null): 1 currency, 2 channel, 4 status.
function presentMask(row: OrderInput): number {
  return (row.currency !== undefined ? 1 : 0) | (row.channel !== undefined ? 2 : 0) | (row.status !== undefined ? 4 : 0);
}

const STAGE_COLUMNS = [
  "seq",
  "external_id",
  "customer_external_id",
  "placed_instant",
  "placed_local",
  "total",
  "currency",
  "channel",
  "status",
  "present",
] as const;

const STAGE = {
  table: "ingest_order_stage",
  columnsDdl: `seq int NOT NULL, external_id text NOT NULL, customer_external_id text NOT NULL,
    placed_instant timestamptz, placed_local timestamp, total numeric NOT NULL,
    currency text, channel text, status text, present int NOT NULL`,
  columns: STAGE_COLUMNS,
};

function* stageRows(rows: readonly OrderInput[]): Generator<CopyValue[]> {
  for (let seq = 0; seq < rows.length; seq++) {
    const r = rows[seq]!;
    const [instant, local] = timestampColumns(r.placed_at);
    yield [seq, r.external_id, r.customer_external_id, instant, local, r.total, r.currency, r.channel, r.status, presentMask(r)];
  }
}

// Later rows for the same order id win. Absent currency/channel/status keep
// the stored value (new orders: workspace currency, no channel, "completed").
// Unchanged orders are not rewritten.
const UPSERT_SQL = `
WITH src AS (
  SELECT DISTINCT ON (external_id) * FROM ingest_order_stage ORDER BY external_id, seq DESC
), merged AS (
  SELECT s.external_id, c.id AS customer_id,
    COALESCE(s.placed_instant, s.placed_local AT TIME ZONE $2::text) AS placed_at,
    round(s.total, 2) AS total,
    CASE WHEN (s.present & 1) <> 0 THEN COALESCE(s.currency, $3::text) ELSE COALESCE(e.currency, $3::text) END AS currency,
    CASE WHEN (s.present & 2) <> 0 THEN s.channel ELSE e.channel END AS channel,
    CASE WHEN (s.present & 4) <> 0 THEN COALESCE(s.status, 'completed') ELSE COALESCE(e.status, 'completed') END AS status
  FROM src s
  JOIN customer c ON c.workspace_id = $1 AND c.external_id = s.customer_external_id
  LEFT JOIN customer_order e ON e.workspace_id = $1 AND e.external_id = s.external_id
)
INSERT INTO customer_order AS o (workspace_id, customer_id, external_id, placed_at, total, currency, channel, status, updated_at)
SELECT $1, m.customer_id, m.external_id, m.placed_at, m.total, m.currency, m.channel, m.status, now()
FROM merged m
ORDER BY m.external_id
ON CONFLICT (workspace_id, external_id) DO UPDATE SET
  customer_id = EXCLUDED.customer_id, placed_at = EXCLUDED.placed_at, total = EXCLUDED.total,
  currency = EXCLUDED.currency, channel = EXCLUDED.channel, status = EXCLUDED.status, updated_at = now()
WHERE (o.customer_id, o.placed_at, o.total, o.currency, o.channel, o.status)
  IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.placed_at, EXCLUDED.total, EXCLUDED.currency, EXCLUDED.channel, EXCLUDED.status)
RETURNING o.external_id, (o.xmax = 0) AS inserted`;

/**
 * Upserts validated orders by (workspace, external_id): COPY to staging,
 * create unknown customers (ensureCustomers), then one INSERT ... SELECT ...
 * ON CONFLICT. Must run inside a transaction (withTransaction).
 */
export async function writeOrders(client: pg.PoolClient, ctx: WorkspaceContext, rows: readonly OrderInput[]): Promise<WriteResult> {
  if (rows.length === 0) return collectOutcomes([], [], 0);
  await fillStagingTable(client, STAGE, stageRows(rows), rows.length);
  const createdCustomers = await ensureCustomers(client, ctx.workspaceId, "ingest_order_stage");
  const res = await client.query<{ external_id: string; inserted: boolean }>(UPSERT_SQL, [ctx.workspaceId, ctx.timezone, ctx.currency]);
  return collectOutcomes(
    rows.map((r) => r.external_id),
    res.rows,
    rows.length,
    createdCustomers,
  );
}
