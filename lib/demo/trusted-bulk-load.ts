import type pg from "pg";
import type { IdBases } from "./format-copy-rows.ts";
import type { DemoDataCounts } from "./load-demo-data.ts";

/**
 * Foreign-key checks are most of the server's work in the demo load (one
 * lookup per order, two per order line: measured ~1.7x slower overall). The
 * loader assigns every id itself from reserved blocks, so the references are
 * right by construction; when the session may do so, it skips the per-row
 * checks (session_replication_role = replica, superuser only) and proves the
 * references with a few set-based range checks before committing instead.
 *
 * Replica mode silences every trigger, not only foreign keys. The behaviour
 * timeline triggers are the only ones it may skip: the loader rebuilds the
 * workspace's timelines in one set-based pass before it commits
 * (`rebuildTimelines`). Any other trigger or rule added later turns the fast
 * path off rather than being skipped.
 */

const LOADED_TABLES = ["customer", "customer_order", "order_item", "event", "product"] as const;

/** Triggers of migrations 20261123060000 (timelines; since 20261210100000 also the product timelines) and 20261207200000 (dashboard facts) that `rebuildTimelines` stands in for. */
const TIMELINE_TRIGGERS = [
  "customer_order_timeline_insert",
  "customer_order_timeline_update",
  "customer_order_timeline_delete",
  "order_item_timeline_insert",
  "order_item_timeline_update",
  "order_item_timeline_delete",
  "product_timeline_update",
  "event_timeline_insert",
  "event_timeline_update",
  "event_timeline_delete",
  "customer_count_insert",
  "customer_count_update",
  "customer_count_delete",
] as const;

/** Turns per-row FK checks off for the current transaction when that is safe; returns whether it did. */
export async function skipRowTriggersIfSafe(client: pg.ClientBase): Promise<boolean> {
  const r = await client.query<{ superuser: boolean; user_triggers: number; rules: number }>(
    `SELECT current_setting('is_superuser') = 'on' AS superuser,
            (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = ANY ($1::regclass[]) AND tgname <> ALL ($2::text[]))::int AS user_triggers,
            (SELECT count(*) FROM pg_rewrite WHERE ev_class = ANY ($1::regclass[]))::int AS rules`,
    [LOADED_TABLES, TIMELINE_TRIGGERS],
  );
  const row = r.rows[0];
  if (!row?.superuser || row.user_triggers > 0 || row.rules > 0) return false;
  await client.query("SET LOCAL session_replication_role = replica");
  return true;
}

/**
 * What the skipped timeline triggers would have written, for the whole
 * workspace at once (one grouped pass per table instead of one per chunk).
 * The tables were just filled in this transaction: without fresh statistics
 * the planner takes them for empty and the rebuild ran 161 s instead of ~70 s
 * at 1M customers. The sorts of 10M orders want more than the default 4 MB of
 * work_mem.
 */
export async function rebuildTimelines(client: pg.ClientBase, workspaceId: number): Promise<void> {
  await client.query("ANALYZE customer, customer_order, order_item, product, event");
  await client.query("SET LOCAL work_mem = '256MB'");
  await client.query("SELECT rebuild_customer_timelines($1::int4)", [workspaceId]);
  // The dashboard facts are derived from the timelines (and the customer count from customers).
  await client.query("SELECT rebuild_dashboard_facts($1::int4)", [workspaceId]);
  await client.query("RESET work_mem");
}

/**
 * Proves what the skipped foreign keys would have: every block of reserved ids
 * is complete and belongs to the workspace, and every reference points into
 * the block of its parent table. Throws (so the caller rolls back) otherwise.
 */
export async function verifyLoadedReferences(client: pg.ClientBase, workspaceId: number, ids: IdBases, counts: DemoDataCounts): Promise<void> {
  const last = (first: number, n: number) => String(first + n - 1);
  const r = await client.query<Record<string, string>>(
    `SELECT
       (SELECT count(*) FROM customer WHERE workspace_id = $1 AND id BETWEEN $2 AND $3)::text AS customers,
       (SELECT count(*) FROM product WHERE workspace_id = $1 AND id BETWEEN $4 AND $5)::text AS products,
       (SELECT count(*) FROM customer_order WHERE workspace_id = $1 AND id BETWEEN $6 AND $7 AND customer_id BETWEEN $2 AND $3)::text AS orders,
       (SELECT count(*) FROM order_item WHERE workspace_id = $1 AND id BETWEEN $8 AND $9
           AND order_id BETWEEN $6 AND $7 AND product_id BETWEEN $4 AND $5)::text AS order_items,
       (SELECT count(*) FROM event WHERE workspace_id = $1 AND id BETWEEN $10 AND $11 AND customer_id BETWEEN $2 AND $3)::text AS events`,
    [
      workspaceId,
      String(ids.customer), last(ids.customer, counts.customers),
      String(ids.product), last(ids.product, counts.products),
      String(ids.order), last(ids.order, counts.orders),
      String(ids.orderItem), last(ids.orderItem, counts.orderItems),
      String(ids.event), last(ids.event, counts.events),
    ],
  );
  const row = r.rows[0] ?? {};
  const expected: Record<string, number> = {
    customers: counts.customers,
    products: counts.products,
    orders: counts.orders,
    order_items: counts.orderItems,
    events: counts.events,
  };
  const wrong = Object.entries(expected).filter(([key, n]) => Number(row[key]) !== n);
  if (wrong.length > 0) {
    throw new Error(`demo load failed its reference check: ${wrong.map(([k, n]) => `${k} ${row[k]} of ${n}`).join(", ")}`);
  }
}
