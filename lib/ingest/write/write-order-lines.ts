import type pg from "pg";
import type { OrderLineInput } from "../order-line.schema.ts";
import { fillStagingTable, type CopyValue } from "./copy-rows.ts";
import type { WorkspaceContext } from "./workspace-context.ts";
import { collectOutcomes, type RejectedRow, type WriteResult } from "./write-result.ts";

/** What identifies a line across imports and API calls: its order, its product and its line number. */
export function orderLineKey(orderExternalId: string, productExternalId: string, lineNumber: number | undefined): string {
  return JSON.stringify([orderExternalId, productExternalId, lineNumber ?? 1]);
}

// Optional fields present in the input: 1 quantity, 2 discount (absent keeps the stored value; new lines get 1 and 0).
function presentMask(row: OrderLineInput): number {
  return (row.quantity !== undefined ? 1 : 0) | (row.discount !== undefined ? 2 : 0);
}

const STAGE = {
  table: "ingest_order_line_stage",
  columnsDdl: `seq int NOT NULL, order_external_id text NOT NULL, product_external_id text NOT NULL, line_number int NOT NULL,
    quantity int, unit_price numeric NOT NULL, discount numeric, present int NOT NULL, order_id bigint, product_id int,
    stored_quantity int, stored_discount numeric`,
  columns: ["seq", "order_external_id", "product_external_id", "line_number", "quantity", "unit_price", "discount", "present"] as const,
};

function* stageRows(rows: readonly OrderLineInput[]): Generator<CopyValue[]> {
  for (let seq = 0; seq < rows.length; seq++) {
    const r = rows[seq]!;
    yield [seq, r.order_external_id, r.product_external_id, r.line_number ?? 1, r.quantity, r.unit_price, r.discount, presentMask(r)];
  }
}

// Each staged line learns its order's and product's ids through their unique
// indexes; a line whose order or product the workspace does not have keeps a
// null and is reported, never written.
const RESOLVE_SQL = `
UPDATE ingest_order_line_stage s SET
  order_id = (SELECT o.id FROM customer_order o WHERE o.workspace_id = $1 AND o.external_id = s.order_external_id),
  product_id = (SELECT p.id FROM product p WHERE p.workspace_id = $1 AND p.external_id = s.product_external_id)`;

// The stored quantity and discount of lines sent again (absent fields keep them), read here by key rather than
// joined in the upsert: joined there, a first import into an empty order_item was planned as a scan of order_item
// per staged line while that statement filled it (quadratic: minutes for 50k lines).
const STORED_SQL = `
UPDATE ingest_order_line_stage s SET (stored_quantity, stored_discount) = (
  SELECT e.quantity, e.discount FROM order_item e
  WHERE e.workspace_id = $1 AND e.order_id = s.order_id AND e.product_id = s.product_id AND e.line_number = s.line_number)
WHERE s.order_id IS NOT NULL AND s.product_id IS NOT NULL`;

const UNRESOLVED_SQL = `
SELECT seq, order_external_id, product_external_id, order_id IS NULL AS no_order, product_id IS NULL AS no_product
FROM ingest_order_line_stage WHERE order_id IS NULL OR product_id IS NULL ORDER BY seq`;

// With replacement (an order sent with its lines), the order's stored lines
// that the request does not list go; the upsert below writes the rest.
const REMOVE_UNLISTED_SQL = `
DELETE FROM order_item oi
USING customer_order o
WHERE o.workspace_id = $1 AND o.external_id = ANY($2::text[])
  AND oi.order_id = o.id AND oi.workspace_id = $1
  AND NOT EXISTS (
    SELECT 1 FROM ingest_order_line_stage s
    WHERE s.order_id = oi.order_id AND s.product_id = oi.product_id AND s.line_number = oi.line_number)
RETURNING o.external_id`;

// Later rows for one line win. Unchanged lines are not rewritten. The
// order_item triggers bring the buyers' category timelines up to date in this
// statement. The outcome of each written line is keyed by its external ids.
const UPSERT_SQL = `
WITH src AS (
  SELECT DISTINCT ON (order_id, product_id, line_number) *
  FROM ingest_order_line_stage WHERE order_id IS NOT NULL AND product_id IS NOT NULL
  ORDER BY order_id, product_id, line_number, seq DESC
), merged AS (
  SELECT s.order_id, s.product_id, s.line_number,
    CASE WHEN (s.present & 1) <> 0 THEN s.quantity ELSE COALESCE(s.stored_quantity, 1) END AS quantity,
    round(s.unit_price, 2) AS unit_price,
    CASE WHEN (s.present & 2) <> 0 THEN COALESCE(round(s.discount, 2), 0) ELSE COALESCE(s.stored_discount, 0) END AS discount
  FROM src s
), written AS (
  INSERT INTO order_item AS oi (workspace_id, order_id, product_id, line_number, quantity, unit_price, discount)
  SELECT $1, m.order_id, m.product_id, m.line_number, m.quantity, m.unit_price, m.discount
  FROM merged m
  ORDER BY m.order_id, m.product_id, m.line_number
  ON CONFLICT (workspace_id, order_id, product_id, line_number) DO UPDATE SET
    quantity = EXCLUDED.quantity, unit_price = EXCLUDED.unit_price, discount = EXCLUDED.discount
  WHERE (oi.quantity, oi.unit_price, oi.discount) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.unit_price, EXCLUDED.discount)
  RETURNING oi.order_id, oi.product_id, oi.line_number, (oi.xmax = 0) AS inserted
)
SELECT DISTINCT s.order_external_id, s.product_external_id, s.line_number, w.inserted
FROM written w
JOIN ingest_order_line_stage s ON s.order_id = w.order_id AND s.product_id = w.product_id AND s.line_number = w.line_number`;

function unresolvedReason(row: { order_external_id: string; product_external_id: string; no_order: boolean }): Omit<RejectedRow, "seq"> {
  if (row.no_order) {
    return { field: "order_external_id", reason: `names order “${row.order_external_id}”, which this workspace does not have; import the orders first` };
  }
  return { field: "product_external_id", reason: `names product “${row.product_external_id}”, which this workspace does not have; import the products first` };
}

export interface OrderLinesWriteResult extends WriteResult {
  /** Orders (external ids) that gained, changed or lost a line. */
  changedOrders: Set<string>;
}

export interface WriteOrderLinesOptions {
  /** Orders whose stored lines become exactly the given ones (lines not given are removed). */
  replaceLinesOf?: readonly string[];
}

/**
 * Upserts validated order lines by (order, product, line number): COPY into
 * staging, resolve the order and product ids, report lines naming an order
 * or product the workspace does not have (result.rejected, by position),
 * then one INSERT ... SELECT ... ON CONFLICT for the rest. Outcomes are
 * keyed by orderLineKey. Run inside withTransaction.
 */
export async function writeOrderLines(
  client: pg.PoolClient,
  ctx: WorkspaceContext,
  rows: readonly OrderLineInput[],
  options: WriteOrderLinesOptions = {},
): Promise<OrderLinesWriteResult> {
  const replace = options.replaceLinesOf ?? [];
  if (rows.length === 0 && replace.length === 0) return { ...collectOutcomes([], [], 0), changedOrders: new Set() };
  await fillStagingTable(client, STAGE, stageRows(rows), rows.length);
  // Resolving a large batch is one index lookup per line, costed high enough to be JIT-compiled: ~60 ms of
  // compiling per 50k lines for ~0.2 s of lookups. Nothing after it in the batch gains from JIT. For this
  // transaction only.
  if (rows.length >= 1000) await client.query("SET LOCAL jit = off");
  await client.query(RESOLVE_SQL, [ctx.workspaceId]);
  const unresolved = await client.query<{ seq: number; order_external_id: string; product_external_id: string; no_order: boolean; no_product: boolean }>(UNRESOLVED_SQL);
  const rejected: RejectedRow[] = unresolved.rows.map((r) => ({ seq: r.seq, ...unresolvedReason(r) }));
  await client.query(STORED_SQL, [ctx.workspaceId]);
  // The staged ids were null when the table was analysed after COPY; without fresh statistics the statements below
  // expect one row where there are thousands.
  if (rows.length >= 1000) await client.query(`ANALYZE ${STAGE.table}`);
  const changedOrders = new Set<string>();
  if (replace.length > 0) {
    const removed = await client.query<{ external_id: string }>(REMOVE_UNLISTED_SQL, [ctx.workspaceId, replace]);
    for (const r of removed.rows) changedOrders.add(r.external_id);
  }
  const res = await client.query<{ order_external_id: string; product_external_id: string; line_number: number; inserted: boolean }>(UPSERT_SQL, [ctx.workspaceId]);
  const rejectedSeqs = new Set(rejected.map((r) => r.seq));
  const kept = rows.filter((_, seq) => !rejectedSeqs.has(seq));
  const result = collectOutcomes(
    kept.map((r) => orderLineKey(r.order_external_id, r.product_external_id, r.line_number)),
    res.rows.map((r) => ({ external_id: orderLineKey(r.order_external_id, r.product_external_id, r.line_number), inserted: r.inserted })),
    kept.length,
  );
  for (const r of res.rows) changedOrders.add(r.order_external_id);
  return { ...result, rejected, changedOrders };
}
