import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import * as orderLinesBatchRoute from "../../app/api/v1/order-lines/batch/route.ts";
import * as ordersBatchRoute from "../../app/api/v1/orders/batch/route.ts";
import * as ordersRoute from "../../app/api/v1/orders/route.ts";
import * as productRoute from "../../app/api/v1/products/[productExternalId]/route.ts";
import * as productsBatchRoute from "../../app/api/v1/products/batch/route.ts";
import * as productsRoute from "../../app/api/v1/products/route.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { createWorkspaceApiKey } from "../../lib/ingest/api-keys/manage-api-keys.ts";
import { closeQueues } from "../../lib/queue/queues.ts";

const BASE = "http://localhost:3000";
type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

async function call(handler: unknown, path: string, init: { key: string; body?: unknown; params?: object }) {
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const req = new NextRequest(`${BASE}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${init.key}` },
    body,
  });
  const res = await (handler as Handler)(req, { params: Promise.resolve((init.params ?? {}) as never) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function tenant() {
  const ws = await db.workspace.create({ data: { slug: `api-${randomUUID()}`, name: "API products test", currency: "EUR" }, select: { id: true } });
  const key = await createWorkspaceApiKey(ws.id, "user-less", { name: "test key", scopes: ["read", "write"] });
  return { workspaceId: ws.id, key: key.key };
}

/** The category rows of the workspace's buyers: what "Bought from category" rules read. */
async function categoryTimelines(workspaceId: number) {
  const rows = await pool.query<{ customer: string; category: string; n: number }>(
    `SELECT c.external_id AS customer, t.category, cardinality(t.placed_at) AS n
     FROM customer_category_timeline t JOIN customer c ON c.id = t.customer_id
     WHERE t.workspace_id = $1 ORDER BY 1, 2`,
    [workspaceId],
  );
  return rows.rows.map((r) => [r.customer, r.category, r.n]);
}

const TEA = { external_id: "tea-1", name: "Sencha", category_path: ["Tea", "Green tea"], brand: "Leafhouse", price: 12.9, launch_date: "2025-03-01", attributes: { origin: "Shizuoka" } };
const MUG = { external_id: "mug-1", name: "Mug", category_path: "Kitchen", price: "24" };

afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

describe("/api/v1/products", () => {
  it("single: 201 created, 200 unchanged when identical, 200 updated when changed; GET reads it back; a bad one is a 422 naming the field", async () => {
    const t = await tenant();
    const created = await call(productsRoute.POST, "/api/v1/products", { key: t.key, body: TEA });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "created",
      product: { external_id: "tea-1", name: "Sencha", category_path: ["Tea", "Green tea"], category: "Tea > Green tea", brand: "Leafhouse", price: "12.90", launch_date: "2025-03-01", attributes: { origin: "Shizuoka" } },
    });
    expect((await call(productsRoute.POST, "/api/v1/products", { key: t.key, body: TEA })).body).toMatchObject({ status: "unchanged" });
    // Absent keeps, null clears; attributes merge key by key.
    const updated = await call(productsRoute.POST, "/api/v1/products", { key: t.key, body: { external_id: "tea-1", name: "Sencha", brand: null, attributes: { grade: "first flush" } } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: "updated", product: { brand: null, price: "12.90", category: "Tea > Green tea", attributes: { origin: "Shizuoka", grade: "first flush" } } });

    const read = await call(productRoute.GET, "/api/v1/products/tea-1", { key: t.key, params: { productExternalId: "tea-1" } });
    expect(read).toMatchObject({ status: 200, body: { product: { external_id: "tea-1", brand: null } } });
    expect((await call(productRoute.GET, "/api/v1/products/nope", { key: t.key, params: { productExternalId: "nope" } })).status).toBe(404);

    const bad = await call(productsRoute.POST, "/api/v1/products", { key: t.key, body: { external_id: "x", price: -1, category_path: ["A", "B > C"] } });
    expect(bad.status).toBe(422);
    expect((bad.body as { error: { details: { path: string; message: string }[] } }).error.details).toEqual([
      { path: "name", message: "is required" },
      { path: "category_path", message: "has a level containing “>”, which separates levels" },
      { path: "price", message: "must be 0 or more" },
    ]);
    expect(await db.product.count({ where: { workspaceId: t.workspaceId } })).toBe(1);
  });

  it("batch: valid items go in next to invalid ones, with a result per item", async () => {
    const t = await tenant();
    const res = await call(productsBatchRoute.POST, "/api/v1/products/batch", { key: t.key, body: { products: [TEA, { external_id: "bad" }, MUG] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [
        { index: 0, status: "created", external_id: "tea-1" },
        { index: 1, status: "error", external_id: "bad", errors: [{ path: "name", message: "is required" }] },
        { index: 2, status: "created", external_id: "mug-1" },
      ],
      summary: { created: 2, updated: 0, unchanged: 0, failed: 1, customers_created: 0 },
    });
    expect((await call(productsBatchRoute.POST, "/api/v1/products/batch", { key: t.key, body: { products: "tea-1" } })).status).toBe(422);
  });
});

describe("orders with inline lines", () => {
  it("the lines become the order's lines, a re-send is unchanged, a new list replaces the old, and the category timelines follow", async () => {
    const t = await tenant();
    await call(productsBatchRoute.POST, "/api/v1/products/batch", { key: t.key, body: { products: [TEA, MUG] } });
    const order = { external_id: "o1", customer_external_id: "c1", placed_at: "2026-02-01T10:00:00Z", total: "49.80" };
    const withLines = { ...order, lines: [{ product_external_id: "tea-1", quantity: 2, unit_price: "12.90" }, { product_external_id: "mug-1", unit_price: 24, discount: "0.00" }] };
    const created = await call(ordersRoute.POST, "/api/v1/orders", { key: t.key, body: withLines });
    expect(created.status).toBe(201);
    expect((created.body as { order: { lines: unknown } }).order.lines).toEqual([
      { product_external_id: "mug-1", line_number: 1, quantity: 1, unit_price: "24.00", discount: "0.00" },
      { product_external_id: "tea-1", line_number: 1, quantity: 2, unit_price: "12.90", discount: "0.00" },
    ]);
    expect(await categoryTimelines(t.workspaceId)).toEqual([
      ["c1", "Kitchen", 1],
      ["c1", "Tea > Green tea", 1],
    ]);
    expect((await call(ordersRoute.POST, "/api/v1/orders", { key: t.key, body: withLines })).body).toMatchObject({ status: "unchanged" });
    // Without lines the stored ones stay.
    expect((await call(ordersRoute.POST, "/api/v1/orders", { key: t.key, body: order })).body).toMatchObject({ status: "unchanged", order: { lines: [{}, {}] } });
    // Only the order's lines change: the order counts as updated; the mug line goes, and its category with it.
    const replaced = await call(ordersRoute.POST, "/api/v1/orders", { key: t.key, body: { ...order, lines: [{ product_external_id: "tea-1", quantity: 3, unit_price: "12.90" }] } });
    expect(replaced.body).toMatchObject({ status: "updated", order: { lines: [{ product_external_id: "tea-1", quantity: 3 }] } });
    expect(await categoryTimelines(t.workspaceId)).toEqual([["c1", "Tea > Green tea", 1]]);
    // An empty list removes every line.
    await call(ordersRoute.POST, "/api/v1/orders", { key: t.key, body: { ...order, lines: [] } });
    expect(await db.orderItem.count({ where: { workspaceId: t.workspaceId } })).toBe(0);
    expect(await categoryTimelines(t.workspaceId)).toEqual([]);
  });

  it("an order whose lines name an unknown product is refused whole; the other orders of the batch go in", async () => {
    const t = await tenant();
    await call(productsRoute.POST, "/api/v1/products", { key: t.key, body: TEA });
    const good = { external_id: "o1", customer_external_id: "c1", placed_at: "2026-02-01", total: 10, lines: [{ product_external_id: "tea-1", unit_price: 10 }] };
    const stray = { external_id: "o2", customer_external_id: "c2", placed_at: "2026-02-01", total: 10, lines: [{ product_external_id: "tea-1", unit_price: 5 }, { product_external_id: "ghost", unit_price: 5 }] };
    const repeated = { external_id: "o3", customer_external_id: "c1", placed_at: "2026-02-01", total: 10, lines: [{ product_external_id: "tea-1", unit_price: 5 }, { product_external_id: "tea-1", unit_price: 5 }] };
    const res = await call(ordersBatchRoute.POST, "/api/v1/orders/batch", { key: t.key, body: { orders: [good, stray, repeated] } });
    expect(res.body).toEqual({
      results: [
        { index: 0, status: "created", external_id: "o1" },
        { index: 1, status: "error", external_id: "o2", errors: [{ path: "lines.1.product_external_id", message: "names product “ghost”, which this workspace does not have; send the product first" }] },
        {
          index: 2,
          status: "error",
          external_id: "o3",
          errors: [{ path: "lines.1.line_number", message: "repeats line 0 (same product and line number); give each line of one product its own line_number" }],
        },
      ],
      summary: { created: 1, updated: 0, unchanged: 0, failed: 2, customers_created: 1 },
    });
    // Nothing of the refused orders was written: not the order, not its customer, not its good line.
    expect((await db.order.findMany({ where: { workspaceId: t.workspaceId }, select: { externalId: true } })).map((o) => o.externalId)).toEqual(["o1"]);
    expect((await db.customer.findMany({ where: { workspaceId: t.workspaceId }, select: { externalId: true } })).map((c) => c.externalId)).toEqual(["c1"]);
    expect(await db.orderItem.count({ where: { workspaceId: t.workspaceId } })).toBe(1);

    const single = await call(ordersRoute.POST, "/api/v1/orders", { key: t.key, body: stray });
    expect(single.status).toBe(422);
  });
});

describe("/api/v1/order-lines/batch", () => {
  it("upserts lines by (order, product, line number) and reports lines naming an unknown order or product per item", async () => {
    const t = await tenant();
    await call(productsBatchRoute.POST, "/api/v1/products/batch", { key: t.key, body: { products: [TEA, MUG] } });
    await call(ordersBatchRoute.POST, "/api/v1/orders/batch", {
      key: t.key,
      body: { orders: [{ external_id: "o1", customer_external_id: "c1", placed_at: "2026-02-01", total: 40 }, { external_id: "o2", customer_external_id: "c2", placed_at: "2026-02-02", total: 24 }] },
    });
    const lines = [
      { order_external_id: "o1", product_external_id: "tea-1", quantity: 2, unit_price: "12.90" },
      { order_external_id: "o1", product_external_id: "tea-1", line_number: 2, unit_price: "14.20", discount: "1.00" },
      { order_external_id: "o9", product_external_id: "tea-1", unit_price: "1" },
      { order_external_id: "o2", product_external_id: "lamp", unit_price: "1" },
      { order_external_id: "o2", product_external_id: "mug-1", quantity: 1.5, unit_price: "24" },
      { order_external_id: "o2", product_external_id: "mug-1", unit_price: "24" },
    ];
    const first = await call(orderLinesBatchRoute.POST, "/api/v1/order-lines/batch", { key: t.key, body: { order_lines: lines } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      results: [
        { index: 0, status: "created" },
        { index: 1, status: "created" },
        { index: 2, status: "error", errors: [{ path: "order_external_id", message: "names order “o9”, which this workspace does not have; import the orders first" }] },
        { index: 3, status: "error", errors: [{ path: "product_external_id", message: "names product “lamp”, which this workspace does not have; import the products first" }] },
        { index: 4, status: "error", errors: [{ path: "quantity", message: "must be a whole number" }] },
        { index: 5, status: "created" },
      ],
      summary: { created: 3, updated: 0, unchanged: 0, failed: 3, customers_created: 0 },
    });
    const again = await call(orderLinesBatchRoute.POST, "/api/v1/order-lines/batch", { key: t.key, body: { order_lines: [lines[0], { ...lines[1], unit_price: "15.00" }] } });
    expect(again.body).toMatchObject({ summary: { created: 0, updated: 1, unchanged: 1, failed: 0 } });
    expect(await categoryTimelines(t.workspaceId)).toEqual([
      ["c1", "Tea > Green tea", 1],
      ["c2", "Kitchen", 1],
    ]);
    expect((await call(orderLinesBatchRoute.POST, "/api/v1/order-lines/batch", { key: t.key, body: { lines } })).status).toBe(422);
  });
});
