import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { EXCLUDED_ORDER_STATUSES } from "../../lib/analytics/runs/counted-orders.ts";
import { pool } from "../../lib/db/pool.ts";
import { withTransaction } from "../../lib/db/transaction.ts";
import { writeOrdersWithLines } from "../../lib/ingest/api/write-orders-with-lines.ts";
import { orderLineInputSchema } from "../../lib/ingest/order-line.schema.ts";
import { orderInputSchema } from "../../lib/ingest/order.schema.ts";
import { productInputSchema } from "../../lib/ingest/product.schema.ts";
import { loadWorkspaceContext } from "../../lib/ingest/write/workspace-context.ts";
import { writeOrderLines } from "../../lib/ingest/write/write-order-lines.ts";
import { writeProducts } from "../../lib/ingest/write/write-products.ts";
import { createWorkspace } from "../support/factories.ts";

afterAll(async () => {
  await pool.end();
});

// ---------------------------------------------------------------------------
// The oracle: the four timelines computed in TypeScript from plain reads of
// the source tables, and the same four read back from the timeline tables,
// both in one comparable shape (timestamps as ISO strings, cents as strings).
// ---------------------------------------------------------------------------

interface Timelines {
  orders: { customerId: string; workspaceId: number; placedAt: string[]; revenueCents: string[] }[];
  categories: { customerId: string; category: string; workspaceId: number; placedAt: string[] }[];
  products: { customerId: string; productId: number; workspaceId: number; placedAt: string[] }[];
  events: { customerId: string; type: string; workspaceId: number; occurredAt: string[] }[];
}

const byKey = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** numeric(14,2) as text ("12.30", "-0.05") to integer cents, without floating point. */
function cents(total: string): bigint {
  const negative = total.startsWith("-");
  const [whole, fraction = ""] = total.replace("-", "").split(".");
  const value = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
  return negative ? -value : value;
}

async function expectedTimelines(workspaceId: number): Promise<Timelines> {
  const orders = await pool.query<{ id: string; workspace_id: number; customer_id: string; placed_at: Date; total: string; status: string }>(
    `SELECT id::text, workspace_id, customer_id::text, placed_at, total::text, status FROM customer_order WHERE workspace_id = $1`,
    [workspaceId],
  );
  const items = await pool.query<{ order_id: string; workspace_id: number; product_id: number | null }>(
    `SELECT order_id::text, workspace_id, product_id FROM order_item WHERE order_id IN (SELECT id FROM customer_order WHERE workspace_id = $1)`,
    [workspaceId],
  );
  const products = await pool.query<{ id: number; workspace_id: number; category: string | null }>(`SELECT id, workspace_id, category FROM product`);
  const events = await pool.query<{ customer_id: string; workspace_id: number; type: string; occurred_at: Date }>(
    `SELECT customer_id::text, workspace_id, type, occurred_at FROM event WHERE workspace_id = $1`,
    [workspaceId],
  );

  // Equal times: smaller total first (the migration's rule), so the arrays depend on the orders' values alone.
  const counted = orders.rows
    .filter((o) => !EXCLUDED_ORDER_STATUSES.includes(o.status))
    .map((o) => ({ ...o, cents: cents(o.total) }))
    .sort((a, b) => a.placed_at.getTime() - b.placed_at.getTime() || (a.cents < b.cents ? -1 : a.cents > b.cents ? 1 : 0));

  const orderTimelines = new Map<string, Timelines["orders"][number]>();
  const running = new Map<string, bigint>();
  for (const o of counted) {
    const row = orderTimelines.get(o.customer_id) ?? { customerId: o.customer_id, workspaceId: o.workspace_id, placedAt: [], revenueCents: ["0"] };
    orderTimelines.set(o.customer_id, row);
    const sum = (running.get(o.customer_id) ?? 0n) + o.cents;
    running.set(o.customer_id, sum);
    row.placedAt.push(o.placed_at.toISOString());
    row.revenueCents.push(sum.toString());
  }

  const productById = new Map(products.rows.map((p) => [p.id, p]));
  const categoriesByOrder = new Map<string, Set<string>>();
  const orderById = new Map(orders.rows.map((o) => [o.id, o]));
  for (const item of items.rows) {
    const order = orderById.get(item.order_id)!;
    const product = item.product_id === null ? undefined : productById.get(item.product_id);
    if (item.workspace_id !== order.workspace_id || !product || product.workspace_id !== order.workspace_id || product.category === null) continue;
    const set = categoriesByOrder.get(order.id) ?? new Set<string>();
    set.add(product.category);
    categoriesByOrder.set(order.id, set);
  }
  const categoryTimelines = new Map<string, Timelines["categories"][number]>();
  for (const o of counted) {
    for (const category of categoriesByOrder.get(o.id) ?? []) {
      const key = `${o.customer_id}|${category}`;
      const row = categoryTimelines.get(key) ?? { customerId: o.customer_id, category, workspaceId: o.workspace_id, placedAt: [] };
      categoryTimelines.set(key, row);
      row.placedAt.push(o.placed_at.toISOString());
    }
  }

  // A product is held by an order with a line of the order's workspace naming it (what a basket of the
  // recommendations model holds; the product row itself is not consulted), once however many lines name it.
  const productsByOrder = new Map<string, Set<number>>();
  for (const item of items.rows) {
    const order = orderById.get(item.order_id)!;
    if (item.workspace_id !== order.workspace_id || item.product_id === null) continue;
    const set = productsByOrder.get(order.id) ?? new Set<number>();
    set.add(item.product_id);
    productsByOrder.set(order.id, set);
  }
  const productTimelines = new Map<string, Timelines["products"][number]>();
  for (const o of counted) {
    for (const productId of productsByOrder.get(o.id) ?? []) {
      const key = `${o.customer_id}|${productId}`;
      const row = productTimelines.get(key) ?? { customerId: o.customer_id, productId, workspaceId: o.workspace_id, placedAt: [] };
      productTimelines.set(key, row);
      row.placedAt.push(o.placed_at.toISOString());
    }
  }

  const eventTimelines = new Map<string, Timelines["events"][number]>();
  for (const e of [...events.rows].sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime())) {
    const key = `${e.customer_id}|${e.type}`;
    const row = eventTimelines.get(key) ?? { customerId: e.customer_id, type: e.type, workspaceId: e.workspace_id, occurredAt: [] };
    eventTimelines.set(key, row);
    row.occurredAt.push(e.occurred_at.toISOString());
  }

  return {
    orders: [...orderTimelines.values()].sort(byKey((r) => r.customerId)),
    categories: [...categoryTimelines.values()].sort(byKey((r) => `${r.customerId}|${r.category}`)),
    products: [...productTimelines.values()].sort(byKey((r) => `${r.customerId}|${r.productId}`)),
    events: [...eventTimelines.values()].sort(byKey((r) => `${r.customerId}|${r.type}`)),
  };
}

/** What the timeline tables hold for the workspace (rows tagged with it, or belonging to its customers). */
async function storedTimelines(workspaceId: number, client: pg.Pool | pg.PoolClient = pool): Promise<Timelines> {
  const mine = `(workspace_id = $1 OR customer_id IN (SELECT id FROM customer WHERE workspace_id = $1))`;
  const orders = await client.query<{ customer_id: string; workspace_id: number; placed_at: Date[]; revenue_cents: string[] }>(
    `SELECT customer_id::text, workspace_id, placed_at, revenue_cents::text[] AS revenue_cents FROM customer_order_timeline WHERE ${mine}`,
    [workspaceId],
  );
  const categories = await client.query<{ customer_id: string; category: string; workspace_id: number; placed_at: Date[] }>(
    `SELECT customer_id::text, category, workspace_id, placed_at FROM customer_category_timeline WHERE ${mine}`,
    [workspaceId],
  );
  const products = await client.query<{ customer_id: string; product_id: number; workspace_id: number; placed_at: Date[] }>(
    `SELECT customer_id::text, product_id, workspace_id, placed_at FROM customer_product_timeline WHERE ${mine}`,
    [workspaceId],
  );
  const events = await client.query<{ customer_id: string; type: string; workspace_id: number; occurred_at: Date[] }>(
    `SELECT customer_id::text, type, workspace_id, occurred_at FROM customer_event_timeline WHERE ${mine}`,
    [workspaceId],
  );
  const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
  return {
    orders: orders.rows
      .map((r) => ({ customerId: r.customer_id, workspaceId: r.workspace_id, placedAt: iso(r.placed_at), revenueCents: r.revenue_cents }))
      .sort(byKey((r) => r.customerId)),
    categories: categories.rows
      .map((r) => ({ customerId: r.customer_id, category: r.category, workspaceId: r.workspace_id, placedAt: iso(r.placed_at) }))
      .sort(byKey((r) => `${r.customerId}|${r.category}`)),
    products: products.rows
      .map((r) => ({ customerId: r.customer_id, productId: r.product_id, workspaceId: r.workspace_id, placedAt: iso(r.placed_at) }))
      .sort(byKey((r) => `${r.customerId}|${r.productId}`)),
    events: events.rows
      .map((r) => ({ customerId: r.customer_id, type: r.type, workspaceId: r.workspace_id, occurredAt: iso(r.occurred_at) }))
      .sort(byKey((r) => `${r.customerId}|${r.type}`)),
  };
}

async function expectExact(workspaceId: number, context: string): Promise<Timelines> {
  const stored = await storedTimelines(workspaceId);
  expect(stored, context).toEqual(await expectedTimelines(workspaceId));
  return stored;
}

// ---------------------------------------------------------------------------
// Writes, each one statement against the source tables, as an importer or an
// admin would issue them.
// ---------------------------------------------------------------------------

/** mulberry32: a fixed seed replays the same write sequence. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const CATEGORIES = ["shoes", "bags", "hats"] as const;
const EVENT_TYPES = ["page_view", "cart_add", "email_open"] as const;
const STATUSES = ["completed", "completed", "paid", "pending", "Cancelled", ...EXCLUDED_ORDER_STATUSES];
const BASE_MS = Date.parse("2026-03-01T00:00:00Z");

/** Few distinct instants, so equal timestamps (and the tie break between them) come up often. */
const instant = (rng: Rng) => new Date(BASE_MS + rng.int(6) * 86_400_000 + rng.pick([0, 0, 0, 1, 999]));
const total = (rng: Rng) => {
  const c = rng.int(10) === 0 ? -rng.int(5000) : rng.int(100_000);
  const abs = Math.abs(c);
  return `${c < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
};

let externalSeq = 0;
const externalId = (prefix: string) => `${prefix}-${++externalSeq}`;

async function ids(sql: string, params: unknown[]): Promise<string[]> {
  return (await pool.query<{ id: string }>(sql, params)).rows.map((r) => String(r.id));
}

async function insertCustomers(workspaceId: number, n: number) {
  await pool.query(`INSERT INTO customer (workspace_id, external_id) SELECT $1, $2 || '-' || i FROM generate_series(1, $3::int) i`, [
    workspaceId,
    externalId("c"),
    n,
  ]);
}

async function insertProducts(workspaceId: number, categories: (string | null)[]) {
  await pool.query(
    `INSERT INTO product (workspace_id, external_id, name, category)
     SELECT $1, $2 || '-' || i, 'Product ' || i, c FROM unnest($3::text[]) WITH ORDINALITY AS t(c, i)`,
    [workspaceId, externalId("p"), categories],
  );
}

async function insertOrders(workspaceId: number, rows: { customerId: string; placedAt: Date; total: string; status: string }[]): Promise<string[]> {
  return ids(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
     SELECT $1, t.cid, $2 || '-' || t.i, t.at, t.total, 'USD', t.status
     FROM unnest($3::int8[], $4::timestamptz[], $5::numeric[], $6::text[]) WITH ORDINALITY AS t(cid, at, total, status, i)
     RETURNING id`,
    [workspaceId, externalId("o"), rows.map((r) => r.customerId), rows.map((r) => r.placedAt), rows.map((r) => r.total), rows.map((r) => r.status)],
  );
}

/** A line number no other line has, so random lines never collide on the (order, product, line number) key. */
let lineSeq = 0;
const freshLineNumber = () => ++lineSeq;

async function insertItems(workspaceId: number, rows: { orderId: string; productId: number | null }[]) {
  await pool.query(
    `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price)
     SELECT $1, t.oid, t.pid, t.line, 1, 9.99 FROM unnest($2::int8[], $3::int4[], $4::int4[]) AS t(oid, pid, line)`,
    [workspaceId, rows.map((r) => r.orderId), rows.map((r) => r.productId), rows.map(() => freshLineNumber())],
  );
}

async function insertEvents(workspaceId: number, rows: { customerId: string; type: string; occurredAt: Date }[]) {
  await pool.query(
    `INSERT INTO event (workspace_id, customer_id, type, occurred_at)
     SELECT $1, t.cid, t.type, t.at FROM unnest($2::int8[], $3::text[], $4::timestamptz[]) AS t(cid, type, at)`,
    [workspaceId, rows.map((r) => r.customerId), rows.map((r) => r.type), rows.map((r) => r.occurredAt)],
  );
}

/** The importer's write (lib/ingest/write/write-orders.ts): one INSERT ... ON CONFLICT DO UPDATE that adds some orders and changes others. */
async function upsertOrders(workspaceId: number, rows: { externalId: string; customerId: string; placedAt: Date; total: string; status: string }[]) {
  await pool.query(
    `INSERT INTO customer_order AS o (workspace_id, customer_id, external_id, placed_at, total, currency, status)
     SELECT $1, t.cid, t.ext, t.at, t.total, 'USD', t.status
     FROM unnest($2::text[], $3::int8[], $4::timestamptz[], $5::numeric[], $6::text[]) AS t(ext, cid, at, total, status)
     ORDER BY t.ext
     ON CONFLICT (workspace_id, external_id) DO UPDATE SET
       customer_id = EXCLUDED.customer_id, placed_at = EXCLUDED.placed_at, total = EXCLUDED.total, status = EXCLUDED.status
     WHERE (o.customer_id, o.placed_at, o.total, o.status) IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.placed_at, EXCLUDED.total, EXCLUDED.status)`,
    [workspaceId, rows.map((r) => r.externalId), rows.map((r) => r.customerId), rows.map((r) => r.placedAt), rows.map((r) => r.total), rows.map((r) => r.status)],
  );
}

/** The importer's event write (lib/ingest/write/write-events.ts), keyed by external id. */
async function upsertEvents(workspaceId: number, rows: { externalId: string; customerId: string; type: string; occurredAt: Date }[]) {
  await pool.query(
    `INSERT INTO event AS ev (workspace_id, customer_id, external_id, type, occurred_at)
     SELECT $1, t.cid, t.ext, t.type, t.at FROM unnest($2::text[], $3::int8[], $4::text[], $5::timestamptz[]) AS t(ext, cid, type, at)
     ON CONFLICT (workspace_id, external_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, type = EXCLUDED.type, occurred_at = EXCLUDED.occurred_at
     WHERE (ev.customer_id, ev.type, ev.occurred_at) IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.type, EXCLUDED.occurred_at)`,
    [workspaceId, rows.map((r) => r.externalId), rows.map((r) => r.customerId), rows.map((r) => r.type), rows.map((r) => r.occurredAt)],
  );
}

interface World {
  workspaceId: number;
  /**
   * A product of another workspace: lines pointing at it must not count towards a category (the category is read
   * from the workspace's own products); the product timelines hold them by id, as the model's baskets do.
   */
  foreignProductId: number;
}

const sample = <T>(rng: Rng, xs: T[], n: number): T[] => {
  const copy = [...xs];
  const out: T[] = [];
  while (out.length < n && copy.length > 0) out.push(copy.splice(rng.int(copy.length), 1)[0]!);
  return out;
};

/** What the ingest writers did over a run, so the test knows it exercised them (not only no-ops). */
const writerEffects = { productsChanged: 0, linesWritten: 0, linesRejected: 0, ordersWithLinesChanged: 0, ordersRefused: 0 };

/** One random write; returns what it did, for the failure message. */
async function randomWrite(rng: Rng, world: World): Promise<string> {
  const ws = world.workspaceId;
  const customers = await ids(`SELECT id FROM customer WHERE workspace_id = $1`, [ws]);
  const orders = await ids(`SELECT id FROM customer_order WHERE workspace_id = $1`, [ws]);
  const items = await ids(`SELECT id FROM order_item WHERE workspace_id = $1`, [ws]);
  const products = (await ids(`SELECT id FROM product WHERE workspace_id = $1`, [ws])).map(Number);
  const events = await ids(`SELECT id FROM event WHERE workspace_id = $1`, [ws]);
  const productChoice = () => (rng.int(12) === 0 ? null : rng.int(12) === 0 ? world.foreignProductId : rng.pick(products));
  const category = () => (rng.int(5) === 0 ? null : rng.pick(CATEGORIES));

  const writes: [number, () => Promise<string>][] = [
    // The ingest writers (CSV import and /api/v1 share them): products, order lines, orders sent with their lines.
    [
      4,
      async () => {
        const known = await pool.query<{ external_id: string }>(`SELECT external_id FROM product WHERE workspace_id = $1 ORDER BY id`, [ws]);
        const rows = [...sample(rng, known.rows, 1 + rng.int(2)).map((p) => p.external_id), ...(rng.int(3) === 0 ? [externalId("wp")] : [])].map((id) => ({
          external_id: id,
          name: `Product ${id}`,
          ...(rng.int(4) === 0 ? {} : { category_path: rng.int(5) === 0 ? null : rng.int(3) === 0 ? `${rng.pick(CATEGORIES)} > sale` : rng.pick(CATEGORIES) }),
        }));
        const parsed = rows.map((r) => productInputSchema.parse(r));
        const result = await withTransaction(async (client) => writeProducts(client, await loadWorkspaceContext(client, ws), parsed));
        writerEffects.productsChanged += result.updated;
        return `writeProducts ${JSON.stringify(rows)}`;
      },
    ],
    [
      5,
      async () => {
        const orderIds = await pool.query<{ external_id: string }>(`SELECT external_id FROM customer_order WHERE workspace_id = $1 ORDER BY id`, [ws]);
        const productIds = await pool.query<{ external_id: string }>(`SELECT external_id FROM product WHERE workspace_id = $1 ORDER BY id`, [ws]);
        if (orderIds.rows.length === 0) return "no order for lines";
        const line = (orderId: string, productId: string) => ({ order_external_id: orderId, product_external_id: productId, line_number: 1 + rng.int(2), quantity: 1 + rng.int(3), unit_price: "4.50" });
        const rows = Array.from({ length: 1 + rng.int(4) }, () => line(rng.pick(orderIds.rows).external_id, rng.pick(productIds.rows).external_id));
        // A file naming an order or a product the workspace does not have: that row is refused, the others still go in.
        const strayAt = rng.int(rows.length + 1);
        rows.splice(strayAt, 0, rng.int(2) === 0 ? line("no-such-order", rng.pick(productIds.rows).external_id) : line(rng.pick(orderIds.rows).external_id, "no-such-product"));
        const parsed = rows.map((r) => orderLineInputSchema.parse(r));
        const result = await withTransaction(async (client) => writeOrderLines(client, await loadWorkspaceContext(client, ws), parsed));
        writerEffects.linesWritten += result.inserted + result.updated;
        writerEffects.linesRejected += result.rejected.length;
        expect(result.rejected.map((r) => r.seq)).toEqual([strayAt]);
        return `writeOrderLines ${JSON.stringify(rows)} -> rejected ${result.rejected.map((r) => r.seq).join(",")}`;
      },
    ],
    [
      6,
      async () => {
        const existing = await pool.query<{ external_id: string; customer: string; placed_at: Date; total: string; status: string }>(
          `SELECT o.external_id, c.external_id AS customer, o.placed_at, o.total::text, o.status
           FROM customer_order o JOIN customer c ON c.id = o.customer_id WHERE o.workspace_id = $1 ORDER BY o.id`,
          [ws],
        );
        const productIds = await pool.query<{ external_id: string }>(`SELECT external_id FROM product WHERE workspace_id = $1 ORDER BY id`, [ws]);
        const customerIds = await pool.query<{ external_id: string }>(`SELECT external_id FROM customer WHERE workspace_id = $1 ORDER BY id`, [ws]);
        const changed = sample(rng, existing.rows, 1 + rng.int(2)).map((o) => ({
          external_id: o.external_id,
          customer_external_id: rng.int(4) === 0 ? rng.pick(customerIds.rows).external_id : o.customer,
          placed_at: rng.int(3) === 0 ? instant(rng).toISOString() : o.placed_at.toISOString(),
          total: o.total.startsWith("-") ? "0" : o.total,
          status: rng.int(3) === 0 ? rng.pick(STATUSES) : o.status,
        }));
        const fresh = rng.int(2) === 0 ? [{ external_id: externalId("wo"), customer_external_id: rng.pick(customerIds.rows).external_id, placed_at: instant(rng).toISOString(), total: "12.00" }] : [];
        const rows = [...changed, ...fresh].map((o) => ({
          ...o,
          ...(rng.int(4) === 0
            ? {}
            : {
                lines: sample(rng, productIds.rows, rng.int(3)).map((p) => ({ product_external_id: rng.int(4) === 0 ? `no-such-${p.external_id}` : p.external_id, unit_price: "3.00" })),
              }),
        }));
        const parsed = rows.map((r) => orderInputSchema.parse(r));
        const result = await withTransaction(async (client) => writeOrdersWithLines(client, await loadWorkspaceContext(client, ws), parsed));
        writerEffects.ordersWithLinesChanged += result.linesChanged.size;
        writerEffects.ordersRefused += result.refused.size;
        return `writeOrdersWithLines ${JSON.stringify(rows)} -> refused ${[...result.refused.keys()].join(",")}`;
      },
    ],
    [
      6,
      async () => {
        // Often a basket split into several orders at one instant: ties that only the tie break orders.
        const split = rng.int(3) === 0 ? { customerId: rng.pick(customers), placedAt: instant(rng) } : null;
        const rows = Array.from({ length: (split ? 2 : 1) + rng.int(3) }, () => ({
          customerId: split?.customerId ?? rng.pick(customers),
          placedAt: split?.placedAt ?? instant(rng),
          total: total(rng),
          status: split && rng.int(2) === 0 ? "completed" : rng.pick(STATUSES),
        }));
        const created = await insertOrders(ws, rows);
        return `insert ${rows.length} orders ${JSON.stringify(rows)} -> ${created.join(",")}`;
      },
    ],
    [
      4,
      async () => {
        // Changed orders and new ones in one statement, the new ones often for a customer whose order changed.
        const existing = await pool.query<{ external_id: string; customer_id: string }>(
          `SELECT external_id, customer_id::text FROM customer_order WHERE workspace_id = $1 ORDER BY id`,
          [ws],
        );
        const changed = sample(rng, existing.rows, rng.int(3));
        const fresh = Array.from({ length: rng.int(3) }, () => ({
          external_id: externalId("u"),
          customer_id: changed.length > 0 && rng.int(2) === 0 ? rng.pick(changed).customer_id : rng.pick(customers),
        }));
        const rows = [...changed, ...fresh].map((r) => ({
          externalId: r.external_id,
          customerId: rng.int(4) === 0 ? rng.pick(customers) : r.customer_id,
          placedAt: instant(rng),
          total: total(rng),
          status: rng.pick(STATUSES),
        }));
        if (rows.length === 0) return "empty upsert";
        await upsertOrders(ws, rows);
        return `upsert orders ${JSON.stringify(rows)}`;
      },
    ],
    [
      2,
      async () => {
        const existing = await pool.query<{ external_id: string; customer_id: string }>(
          `SELECT external_id, customer_id::text FROM event WHERE workspace_id = $1 AND external_id IS NOT NULL ORDER BY id`,
          [ws],
        );
        const rows = [...sample(rng, existing.rows, rng.int(3)), ...Array.from({ length: rng.int(3) }, () => ({ external_id: externalId("e"), customer_id: rng.pick(customers) }))].map(
          (r) => ({
            externalId: r.external_id,
            customerId: rng.int(3) === 0 ? rng.pick(customers) : r.customer_id,
            type: rng.pick(EVENT_TYPES),
            occurredAt: instant(rng),
          }),
        );
        if (rows.length === 0) return "empty upsert";
        await upsertEvents(ws, rows);
        return `upsert events ${JSON.stringify(rows)}`;
      },
    ],
    [
      5,
      async () => {
        if (orders.length === 0) return "no orders to add lines to";
        // Several lines per order, often of one category, and lines for several orders in one statement.
        const rows = sample(rng, orders, 1 + rng.int(2)).flatMap((orderId) => {
          const first = productChoice();
          return Array.from({ length: 1 + rng.int(3) }, () => ({ orderId, productId: rng.int(2) === 0 ? first : productChoice() }));
        });
        await insertItems(ws, rows);
        return `insert lines ${JSON.stringify(rows)}`;
      },
    ],
    [
      3,
      async () => {
        const id = rng.pick(orders);
        const status = rng.pick(STATUSES);
        if (!id) return "no order";
        await pool.query(`UPDATE customer_order SET status = $2 WHERE id = $1`, [id, status]);
        return `order ${id} status -> ${status}`;
      },
    ],
    [
      2,
      async () => {
        const id = rng.pick(orders);
        const at = instant(rng);
        if (!id) return "no order";
        await pool.query(`UPDATE customer_order SET placed_at = $2 WHERE id = $1`, [id, at]);
        return `order ${id} placed_at -> ${at.toISOString()}`;
      },
    ],
    [
      2,
      async () => {
        const id = rng.pick(orders);
        const t = total(rng);
        if (!id) return "no order";
        await pool.query(`UPDATE customer_order SET total = $2 WHERE id = $1`, [id, t]);
        return `order ${id} total -> ${t}`;
      },
    ],
    [
      3,
      async () => {
        const id = rng.pick(orders);
        const to = rng.pick(customers);
        if (!id) return "no order";
        await pool.query(`UPDATE customer_order SET customer_id = $2 WHERE id = $1`, [id, to]);
        return `order ${id} moved to customer ${to}`;
      },
    ],
    [
      1,
      async () => {
        const [a, b] = sample(rng, orders, 2);
        if (!a || !b) return "fewer than two orders";
        // One statement, two rows: each order takes the other's customer.
        await pool.query(
          `UPDATE customer_order o SET customer_id = s.customer_id
           FROM (SELECT $1::int8 AS id, customer_id FROM customer_order WHERE id = $2 UNION ALL SELECT $2::int8, customer_id FROM customer_order WHERE id = $1) s
           WHERE o.id = s.id`,
          [a, b],
        );
        return `orders ${a} and ${b} swap customers`;
      },
    ],
    [
      1,
      async () => {
        const customer = rng.pick(customers);
        const status = rng.pick(STATUSES);
        await pool.query(`UPDATE customer_order SET status = $2, placed_at = placed_at + interval '1 hour' WHERE customer_id = $1`, [customer, status]);
        return `all orders of ${customer}: status -> ${status}, one hour later`;
      },
    ],
    [
      1,
      async () => {
        const id = rng.pick(orders);
        if (!id) return "no order";
        // Touches no column the timelines read.
        await pool.query(`UPDATE customer_order SET channel = 'web' WHERE id = $1`, [id]);
        return `order ${id} channel changed`;
      },
    ],
    [
      2,
      async () => {
        const gone = sample(rng, orders, 1 + rng.int(2));
        await pool.query(`DELETE FROM customer_order WHERE id = ANY($1::int8[])`, [gone]);
        return `delete orders ${gone.join(",")}`;
      },
    ],
    [
      3,
      async () => {
        const id = rng.pick(items);
        const productId = productChoice();
        if (!id) return "no line";
        await pool.query(`UPDATE order_item SET product_id = $2, line_number = $3 WHERE id = $1`, [id, productId, freshLineNumber()]);
        return `line ${id} product -> ${productId}`;
      },
    ],
    [
      1,
      async () => {
        const id = rng.pick(items);
        const orderId = rng.pick(orders);
        if (!id || !orderId) return "no line";
        await pool.query(`UPDATE order_item SET order_id = $2, line_number = $3 WHERE id = $1`, [id, orderId, freshLineNumber()]);
        return `line ${id} moved to order ${orderId}`;
      },
    ],
    [
      2,
      async () => {
        const gone = sample(rng, items, 1 + rng.int(3));
        await pool.query(`DELETE FROM order_item WHERE id = ANY($1::int8[])`, [gone]);
        return `delete lines ${gone.join(",")}`;
      },
    ],
    [
      3,
      async () => {
        const id = rng.pick(products);
        const c = category();
        await pool.query(`UPDATE product SET category = $2 WHERE id = $1`, [id, c]);
        return `product ${id} category -> ${c}`;
      },
    ],
    [
      1,
      async () => {
        const id = rng.pick(products);
        const c = category();
        // Lines keep existing with product_id NULL (ON DELETE SET NULL); a new product keeps the catalogue at five.
        await pool.query(`DELETE FROM product WHERE id = $1`, [id]);
        await insertProducts(ws, [c]);
        return `delete product ${id}, add one in ${c}`;
      },
    ],
    [
      4,
      async () => {
        const rows = Array.from({ length: 1 + rng.int(4) }, () => ({ customerId: rng.pick(customers), type: rng.pick(EVENT_TYPES), occurredAt: instant(rng) }));
        await insertEvents(ws, rows);
        return `insert events ${JSON.stringify(rows)}`;
      },
    ],
    [
      3,
      async () => {
        const id = rng.pick(events);
        if (!id) return "no event";
        const type = rng.int(2) === 0 ? rng.pick(EVENT_TYPES) : null;
        const at = rng.int(2) === 0 ? instant(rng) : null;
        const customer = rng.int(2) === 0 ? rng.pick(customers) : null;
        await pool.query(
          `UPDATE event SET type = coalesce($2, type), occurred_at = coalesce($3, occurred_at), customer_id = coalesce($4, customer_id) WHERE id = $1`,
          [id, type, at, customer],
        );
        return `event ${id}: type ${type}, at ${at?.toISOString()}, customer ${customer}`;
      },
    ],
    [
      2,
      async () => {
        const gone = sample(rng, events, 1 + rng.int(2));
        await pool.query(`DELETE FROM event WHERE id = ANY($1::int8[])`, [gone]);
        return `delete events ${gone.join(",")}`;
      },
    ],
    [
      1,
      async () => {
        const id = rng.pick(customers);
        // Orders, lines, events and timeline rows go with the customer; a new one keeps the population at eight.
        await pool.query(`DELETE FROM customer WHERE id = $1`, [id]);
        await insertCustomers(ws, 1);
        return `delete customer ${id}`;
      },
    ],
  ];

  let roll = rng.int(writes.reduce((s, [w]) => s + w, 0));
  for (const [weight, write] of writes) {
    if (roll < weight) return write();
    roll -= weight;
  }
  throw new Error("unreachable");
}

/** A workspace with eight customers, five products over three categories (one uncategorised) and a few orders, lines and events. */
async function seedWorld(rng: Rng): Promise<World> {
  const ws = (await createWorkspace()).id;
  const other = (await createWorkspace()).id;
  await insertProducts(other, ["shoes"]);
  const foreignProductId = Number((await ids(`SELECT id FROM product WHERE workspace_id = $1`, [other]))[0]);
  await insertCustomers(ws, 8);
  await insertProducts(ws, ["shoes", "shoes", "bags", "hats", null]);
  const world = { workspaceId: ws, foreignProductId };
  const customers = await ids(`SELECT id FROM customer WHERE workspace_id = $1`, [ws]);
  const products = (await ids(`SELECT id FROM product WHERE workspace_id = $1`, [ws])).map(Number);
  const split = { customerId: customers[0]!, placedAt: instant(rng), status: "completed" };
  const orders = await insertOrders(ws, [
    ...Array.from({ length: 10 }, () => ({ customerId: rng.pick(customers), placedAt: instant(rng), total: total(rng), status: rng.pick(STATUSES) })),
    // A basket split into orders at one instant, with equal totals in two of them.
    { ...split, total: "30.00" },
    { ...split, total: "10.00" },
    { ...split, total: "10.00" },
  ]);
  await insertItems(
    ws,
    orders.flatMap((orderId) => [{ orderId, productId: rng.pick(products) }, { orderId, productId: rng.pick(products) }]),
  );
  await insertEvents(
    ws,
    Array.from({ length: 8 }, () => ({ customerId: rng.pick(customers), type: rng.pick(EVENT_TYPES), occurredAt: instant(rng) })),
  );
  return world;
}

describe("behaviour timelines under random mixed writes", () => {
  it.each([20261123, 7, 424242])("stay equal to the oracle after every write (seed %i), and a rebuild reproduces them", async (seed) => {
    const rng = prng(seed);
    const world = await seedWorld(rng);
    const ws = world.workspaceId;
    const seeded = await expectExact(ws, `seed ${seed}: after seeding`);
    expect(seeded.orders.some((o) => new Set(o.placedAt).size < o.placedAt.length)).toBe(true);

    // A bystander workspace with data of its own: nothing below may touch its rows.
    const bystander = await seedWorld(prng(seed + 1));
    const bystanderBefore = await storedTimelines(bystander.workspaceId);
    expect(bystanderBefore).toEqual(await expectedTimelines(bystander.workspaceId));
    expect(bystanderBefore.orders.length).toBeGreaterThan(0);
    expect(bystanderBefore.categories.length).toBeGreaterThan(0);
    expect(bystanderBefore.products.length).toBeGreaterThan(0);
    expect(bystanderBefore.events.length).toBeGreaterThan(0);

    const log: string[] = [];
    for (const key of Object.keys(writerEffects) as (keyof typeof writerEffects)[]) writerEffects[key] = 0;
    const reached = { orders: 0, categories: 0, products: 0, events: 0, equalTimes: 0 };
    for (let step = 0; step < 70; step++) {
      log.push(await randomWrite(rng, world));
      const stored = await expectExact(ws, `seed ${seed}, step ${step}:\n${log.slice(-5).join("\n")}`);
      reached.orders = Math.max(reached.orders, stored.orders.length);
      reached.categories = Math.max(reached.categories, stored.categories.length);
      reached.products = Math.max(reached.products, stored.products.length);
      reached.events = Math.max(reached.events, stored.events.length);
      reached.equalTimes += stored.orders.filter((o) => new Set(o.placedAt).size < o.placedAt.length).length;
    }
    // The run went through the states worth checking, not just empty tables, and the ingest writers changed and refused things.
    expect(writerEffects.productsChanged).toBeGreaterThan(0);
    expect(writerEffects.linesWritten).toBeGreaterThan(0);
    expect(writerEffects.linesRejected).toBeGreaterThan(0);
    expect(writerEffects.ordersWithLinesChanged).toBeGreaterThan(0);
    expect(writerEffects.ordersRefused).toBeGreaterThan(0);
    expect(reached.orders).toBeGreaterThan(2);
    expect(reached.categories).toBeGreaterThan(2);
    expect(reached.products).toBeGreaterThan(2);
    expect(reached.events).toBeGreaterThan(2);
    expect(reached.equalTimes).toBeGreaterThan(0);
    const end = await storedTimelines(ws);

    expect(await storedTimelines(bystander.workspaceId)).toEqual(bystanderBefore);

    await pool.query(`SELECT rebuild_customer_timelines($1)`, [ws]);
    expect(await storedTimelines(ws)).toEqual(end);
    expect(await storedTimelines(bystander.workspaceId)).toEqual(bystanderBefore);
  });

  it("a rebuild catches up with rows loaded with triggers off", async () => {
    const rng = prng(99);
    const world = await seedWorld(rng);
    const ws = world.workspaceId;
    const customers = await ids(`SELECT id FROM customer WHERE workspace_id = $1`, [ws]);
    const products = (await ids(`SELECT id FROM product WHERE workspace_id = $1`, [ws])).map(Number);
    const client = await pool.connect();
    try {
      // Bulk loads run in replica mode (the demo seed's COPY): no trigger fires.
      await client.query("BEGIN");
      await client.query("SET LOCAL session_replication_role = replica");
      const orders = await client.query<{ id: string }>(
        `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
         SELECT $1, cid, 'bulk-' || i, $3::timestamptz + i * interval '1 minute', 12.34, 'USD', 'completed'
         FROM unnest($2::int8[]) WITH ORDINALITY AS t(cid, i) RETURNING id`,
        [ws, customers, new Date(BASE_MS)],
      );
      await client.query(
        `INSERT INTO order_item (workspace_id, order_id, product_id, quantity, unit_price) SELECT $1, oid, $3, 1, 1 FROM unnest($2::int8[]) oid`,
        [ws, orders.rows.map((r) => r.id), products[0]],
      );
      await client.query(`INSERT INTO event (workspace_id, customer_id, type, occurred_at) SELECT $1, cid, 'bulk_view', $3 FROM unnest($2::int8[]) cid`, [
        ws,
        customers,
        new Date(BASE_MS),
      ]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(await storedTimelines(ws)).not.toEqual(await expectedTimelines(ws));
    await pool.query(`SELECT rebuild_customer_timelines($1)`, [ws]);
    await expectExact(ws, "after the rebuild");
  });
});

// ---------------------------------------------------------------------------
// Transactions.
// ---------------------------------------------------------------------------

/** Resolves once `waiter` is blocked by `holder`; fails if the waiting statement finishes without ever blocking. */
async function blockedBy(waiterPid: number, holderPid: number, statement: Promise<unknown>) {
  let finished = false;
  statement.then(
    () => (finished = true),
    () => (finished = true),
  );
  for (;;) {
    const res = await pool.query<{ blocked: boolean }>(`SELECT $2::int = ANY(pg_blocking_pids($1::int)) AS blocked`, [waiterPid, holderPid]);
    if (res.rows[0]!.blocked) return;
    if (finished) throw new Error("the second writer was never blocked by the first");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const backendPid = async (client: pg.PoolClient) => (await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;

/** Two connections of their own, with their backend pids (asked up front: a client runs its queries one at a time, so asking later would queue behind a blocked statement). */
async function twoClients<T>(body: (a: pg.PoolClient, b: pg.PoolClient, pidA: number, pidB: number) => Promise<T>): Promise<T> {
  const a = await pool.connect();
  const b = await pool.connect();
  try {
    return await body(a, b, await backendPid(a), await backendPid(b));
  } finally {
    await a.query("ROLLBACK").catch(() => undefined);
    await b.query("ROLLBACK").catch(() => undefined);
    a.release();
    b.release();
  }
}

async function customerWithProducts(categories: (string | null)[] = []) {
  const ws = (await createWorkspace()).id;
  await insertCustomers(ws, 2);
  await insertProducts(ws, categories);
  const [c1, c2] = await ids(`SELECT id FROM customer WHERE workspace_id = $1 ORDER BY id`, [ws]);
  const products = (await ids(`SELECT id FROM product WHERE workspace_id = $1 ORDER BY id`, [ws])).map(Number);
  return { ws, c1: c1!, c2: c2!, products };
}

const orderInsert = `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status) VALUES ($1, $2, $3, $4, $5, 'USD', 'completed')`;
const eventInsert = `INSERT INTO event (workspace_id, customer_id, type, occurred_at) VALUES ($1, $2, $3, $4)`;

describe("concurrent writers", () => {
  it("both transactions' orders end up in the timeline", async () => {
    const { ws, c1 } = await customerWithProducts();
    await twoClients(async (a, b, pidA, pidB) => {
      await a.query("BEGIN");
      await b.query("BEGIN");
      await a.query(orderInsert, [ws, c1, "first", new Date(BASE_MS + 2000), "10.01"]);
      const second = b.query(orderInsert, [ws, c1, "second", new Date(BASE_MS + 1000), "20.02"]);
      await blockedBy(pidB, pidA, second);
      await a.query("COMMIT");
      await second;
      await b.query("COMMIT");
    });
    const stored = await storedTimelines(ws);
    expect(stored.orders).toEqual([
      { customerId: c1, workspaceId: ws, placedAt: [new Date(BASE_MS + 1000).toISOString(), new Date(BASE_MS + 2000).toISOString()], revenueCents: ["0", "2002", "3003"] },
    ]);
    await expectExact(ws, "after two concurrent order writers");
  });

  it("both transactions' events end up in the timeline", async () => {
    const { ws, c1 } = await customerWithProducts();
    await twoClients(async (a, b, pidA, pidB) => {
      await a.query("BEGIN");
      await b.query("BEGIN");
      await a.query(eventInsert, [ws, c1, "page_view", new Date(BASE_MS + 2000)]);
      const second = b.query(eventInsert, [ws, c1, "page_view", new Date(BASE_MS + 1000)]);
      await blockedBy(pidB, pidA, second);
      await a.query("COMMIT");
      await second;
      await b.query("COMMIT");
    });
    const stored = await storedTimelines(ws);
    expect(stored.events).toEqual([
      { customerId: c1, type: "page_view", workspaceId: ws, occurredAt: [new Date(BASE_MS + 1000).toISOString(), new Date(BASE_MS + 2000).toISOString()] },
    ]);
    await expectExact(ws, "after two concurrent event writers");
  });

  // A catalogue sync recategorising a product while an importer adds a line for it.
  it.each(["the line first", "the category first"])("a line written while its product changes category ends up in the new category (%s)", async (first) => {
    const { ws, c1, products } = await customerWithProducts(["old"]);
    const [order] = await insertOrders(ws, [{ customerId: c1, placedAt: new Date(BASE_MS), total: "5.00", status: "completed" }]);
    const product = products[0]!;
    const addLine = `INSERT INTO order_item (workspace_id, order_id, product_id, quantity, unit_price) VALUES ($1, $2, $3, 1, 5)`;
    const recategorise = `UPDATE product SET category = 'new' WHERE id = $1`;
    // The second statement either blocks (then the first side commits first) or runs; both sides then commit.
    const second = await twoClients(async (a, b, pidA, pidB) => {
      await a.query("BEGIN");
      await b.query("BEGIN");
      const [early, late, latePid, earlyStatement, lateStatement] =
        first === "the line first" ? ([a, b, pidB, addLine, recategorise] as const) : ([b, a, pidA, recategorise, addLine] as const);
      const params = (sql: string) => (sql === addLine ? [ws, order, product] : [product]);
      await early.query(earlyStatement, params(earlyStatement));
      const how = await settleOrBlock(late.query(lateStatement, params(lateStatement)), latePid, () => early.query("COMMIT").then(() => undefined));
      await late.query("COMMIT");
      if (how === "ran") await early.query("COMMIT");
      return how;
    });
    await expectExact(ws, `line and recategorisation at once, ${first}; the second statement ${second}`);
  }, 20_000);

  // A customer merge moving an order while an importer adds a line to it.
  it("a line added to an order while the order moves to another customer counts for the new customer", async () => {
    const { ws, c1, c2, products } = await customerWithProducts(["shoes"]);
    const [order] = await insertOrders(ws, [{ customerId: c1, placedAt: new Date(BASE_MS), total: "5.00", status: "completed" }]);
    const second = await twoClients(async (a, b, pidA) => {
      await a.query("BEGIN");
      await b.query("BEGIN");
      await b.query(`UPDATE customer_order SET customer_id = $2 WHERE id = $1`, [order, c2]);
      const addLine = a.query(`INSERT INTO order_item (workspace_id, order_id, product_id, quantity, unit_price) VALUES ($1, $2, $3, 1, 5)`, [
        ws,
        order,
        products[0],
      ]);
      const how = await settleOrBlock(addLine, pidA, () => b.query("COMMIT").then(() => undefined));
      await a.query("COMMIT");
      if (how === "ran") await b.query("COMMIT");
      return how;
    });
    await expectExact(ws, `line added while its order moved; the line's insert ${second}`);
  }, 20_000);

  // Two importers adding lines to one order at once. Inserted lines append the order's time to the buyer's product
  // and category rows, so each side must tell whether the other's line already put the order there: the second
  // waits for the first's customer lock, then counts the first's committed line (nothing to add) or, after a
  // rollback, finds the pair new. The buyer's rows may not exist yet, hold another order's time, or hold the same
  // instant (another order placed with it), which a plain append cannot tell from this order's own.
  const sameOrderCases = [
    { pair: "the same product", first: "shoe A", second: "shoe A" },
    { pair: "two products of one category", first: "shoe A", second: "shoe B" },
    { pair: "two products of one category", first: "shoe B", second: "shoe A" },
  ].flatMap((c) =>
    (["commits", "rolls back"] as const).flatMap((end) =>
      (["none", "earlier", "same instant"] as const).map((otherOrder) => ({ ...c, end, otherOrder })),
    ),
  );
  it.each(sameOrderCases)(
    "lines of one order added by two transactions: $pair ($first, then $second), the first $end; the buyer's other order: $otherOrder",
    async ({ first, second, end, otherOrder }) => {
      const { ws, c1, products } = await customerWithProducts(["shoes", "shoes", "bags"]);
      const [order, other] = await insertOrders(ws, [
        { customerId: c1, placedAt: new Date(BASE_MS), total: "5.00", status: "completed" },
        { customerId: c1, placedAt: new Date(BASE_MS + (otherOrder === "same instant" ? 0 : -86_400_000)), total: "6.00", status: "completed" },
      ]);
      const shoe = (name: string) => (name === "shoe A" ? products[0]! : products[1]!);
      await insertItems(ws, [
        { orderId: order!, productId: products[2]! },
        ...(otherOrder === "none" ? [] : [{ orderId: other!, productId: products[0]! }, { orderId: other!, productId: products[1]! }]),
      ]);
      const addLine = `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price) VALUES ($1, $2, $3, $4, 1, 5)`;
      await twoClients(async (a, b, pidA, pidB) => {
        await a.query("BEGIN");
        await b.query("BEGIN");
        await a.query(addLine, [ws, order, shoe(first), 1]);
        const late = b.query(addLine, [ws, order, shoe(second), 2]);
        await blockedBy(pidB, pidA, late);
        await a.query(end === "commits" ? "COMMIT" : "ROLLBACK");
        await late;
        await b.query("COMMIT");
      });
      const stored = await expectExact(ws, `two transactions adding lines to one order: ${first} then ${second}, the first ${end}, other order ${otherOrder}`);
      const shoes = stored.categories.find((c) => c.category === "shoes")!;
      expect(shoes.placedAt.filter((t) => t === new Date(BASE_MS).toISOString())).toHaveLength(otherOrder === "same instant" ? 2 : 1);
    },
    20_000,
  );
});

/**
 * Lets `statement` run; if it blocks on a lock, `release` (the other side's
 * commit) runs first. Either interleaving is one a real pair of writers can hit.
 */
async function settleOrBlock(statement: Promise<unknown>, pid: number, release: () => Promise<void>): Promise<"ran" | "blocked"> {
  let finished = false;
  statement.then(
    () => (finished = true),
    () => (finished = true),
  );
  for (;;) {
    if (finished) {
      await statement;
      return "ran";
    }
    const res = await pool.query<{ blocked: boolean }>(`SELECT cardinality(pg_blocking_pids($1::int)) > 0 AS blocked`, [pid]);
    if (res.rows[0]!.blocked) {
      await release();
      await statement;
      return "blocked";
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("one upsert that changes a customer's order and adds another", () => {
  it("holds each order once", async () => {
    const { ws, c1 } = await customerWithProducts();
    await upsertOrders(ws, [{ externalId: "x", customerId: c1, placedAt: new Date(BASE_MS), total: "10.00", status: "completed" }]);
    await upsertOrders(ws, [
      { externalId: "x", customerId: c1, placedAt: new Date(BASE_MS), total: "11.00", status: "completed" },
      { externalId: "y", customerId: c1, placedAt: new Date(BASE_MS + 1000), total: "5.00", status: "completed" },
    ]);
    expect((await storedTimelines(ws)).orders).toEqual([
      { customerId: c1, workspaceId: ws, placedAt: [new Date(BASE_MS).toISOString(), new Date(BASE_MS + 1000).toISOString()], revenueCents: ["0", "1100", "1600"] },
    ]);
    await expectExact(ws, "after the upsert");
  });
});

describe("one statement that adds order lines and also moves or deletes lines", () => {
  // The statement's UPDATE or DELETE trigger refreshes the buyers in full (this statement's new lines included, and
  // Postgres fires an upsert's UPDATE trigger before its INSERT trigger), and its INSERT trigger appends: each order's
  // time must still be held once.
  async function orderWithShoe() {
    const { ws, c1, c2, products } = await customerWithProducts(["shoes", "shoes", "bags"]);
    const [order, elsewhere] = await insertOrders(ws, [
      { customerId: c1, placedAt: new Date(BASE_MS), total: "5.00", status: "completed" },
      { customerId: c2, placedAt: new Date(BASE_MS + 1000), total: "6.00", status: "completed" },
    ]);
    const line = await pool.query<{ id: string }>(
      `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price) VALUES ($1, $2, $3, 1, 1, 5) RETURNING id`,
      [ws, order, products[0]],
    );
    return { ws, c1, products, order: order!, elsewhere: elsewhere!, lineId: line.rows[0]!.id };
  }
  const heldOnce = (stored: Timelines, c1: string, productId: number) => {
    expect(stored.products.find((p) => p.customerId === c1 && p.productId === productId)!.placedAt).toEqual([new Date(BASE_MS).toISOString()]);
    expect(stored.categories.find((c) => c.customerId === c1 && c.category === "shoes")!.placedAt).toEqual([new Date(BASE_MS).toISOString()]);
  };

  it.each(["to another product", "to another order"])("an INSERT ... ON CONFLICT DO UPDATE moving a line %s and adding one of the same category", async (move) => {
    const { ws, c1, products, order, elsewhere } = await orderWithShoe();
    const [set, target] = move === "to another product" ? ["product_id = $5::int4", products[2]] : ["order_id = $5::int8", elsewhere];
    await pool.query(
      `INSERT INTO order_item AS oi (workspace_id, order_id, product_id, line_number, quantity, unit_price)
       VALUES ($1, $2, $3, 1, 1, 5), ($1, $2, $4, 1, 1, 5)
       ON CONFLICT (workspace_id, order_id, product_id, line_number) DO UPDATE SET ${set}`,
      [ws, order, products[0], products[1], target],
    );
    heldOnce(await expectExact(ws, `upsert moving a line ${move}`), c1, products[1]!);
  });

  it.each(["the same product", "another product of the category"])("a writable CTE deleting the order's line and adding one of %s", async (added) => {
    const { ws, c1, products, lineId } = await orderWithShoe();
    const productId = added === "the same product" ? products[0]! : products[1]!;
    await pool.query(
      `WITH gone AS (DELETE FROM order_item WHERE id = $2 RETURNING order_id)
       INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price) SELECT $1, order_id, $3, 2, 1, 5 FROM gone`,
      [ws, lineId, productId],
    );
    heldOnce(await expectExact(ws, `line deleted and ${added} added in one statement`), c1, productId);
  });
});

describe("a rolled-back transaction", () => {
  it("leaves the timelines as they were", async () => {
    const { ws, c1, c2, products } = await customerWithProducts(["shoes", "bags"]);
    const [kept] = await insertOrders(ws, [{ customerId: c1, placedAt: new Date(BASE_MS), total: "7.50", status: "completed" }]);
    await insertItems(ws, [{ orderId: kept!, productId: products[0]! }]);
    await insertEvents(ws, [{ customerId: c1, type: "page_view", occurredAt: new Date(BASE_MS) }]);
    const before = await storedTimelines(ws);
    expect(before).toEqual(await expectedTimelines(ws));

    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const added = await client.query<{ id: string }>(
        `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
         VALUES ($1, $2, 'rb-1', $4, 1.00, 'USD', 'completed'), ($1, $3, 'rb-2', $4, 2.00, 'USD', 'completed') RETURNING id`,
        [ws, c1, c2, new Date(BASE_MS + 1000)],
      );
      await client.query(`INSERT INTO order_item (workspace_id, order_id, product_id, quantity, unit_price) SELECT $1, id, $3, 1, 1 FROM unnest($2::int8[]) id`, [
        ws,
        added.rows.map((r) => r.id),
        products[1],
      ]);
      await client.query(`UPDATE customer_order SET status = 'refunded' WHERE id = $1`, [kept]);
      await client.query(eventInsert, [ws, c2, "cart_add", new Date(BASE_MS)]);
      // Inside the transaction the timelines did move.
      const inside = await storedTimelines(ws, client);
      expect(inside.orders.map((o) => o.customerId)).toEqual([c1, c2].sort());
      expect(inside.categories.map((c) => `${c.customerId}|${c.category}`)).toEqual([`${c1}|bags`, `${c2}|bags`].sort());
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await storedTimelines(ws)).toEqual(before);
  });
});

describe("order_status_counts", () => {
  it("agrees with EXCLUDED_ORDER_STATUSES", async () => {
    const statuses = [...EXCLUDED_ORDER_STATUSES, "completed", "pending", "paid", "Cancelled", "REFUNDED", " cancelled", "cancelled ", ""];
    const res = await pool.query<{ status: string; counts: boolean }>(`SELECT s AS status, order_status_counts(s) AS counts FROM unnest($1::text[]) AS s`, [
      statuses,
    ]);
    expect(res.rows.map((r) => [r.status, r.counts])).toEqual(statuses.map((s) => [s, !EXCLUDED_ORDER_STATUSES.includes(s)]));
    // Neither side may agree by being empty.
    expect(res.rows.filter((r) => !r.counts).map((r) => r.status)).toEqual(["cancelled", "canceled", "refunded", "failed", "voided"]);
    expect(res.rows.find((r) => r.status === "completed")!.counts).toBe(true);
  });
});
