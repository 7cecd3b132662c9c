import { randomUUID } from "node:crypto";
import { pool } from "../../lib/db/pool.ts";

/** Baskets to load into a workspace: products by SKU, customers by external id, orders with their SKUs. */
export interface BasketProduct {
  sku: string;
  name: string;
  category: string | null;
}
/** The outdoor shop the recommendation tests plant: two camping products, two for cooking, apparel, one product without a category. */
export const OUTDOOR_PRODUCTS: BasketProduct[] = [
  { sku: "tent", name: "Trail Tent", category: "Outdoor > Camping" },
  { sku: "mat", name: "Sleeping Mat", category: "Outdoor > Camping" },
  { sku: "stove", name: "Camp Stove", category: "Outdoor > Cooking" },
  { sku: "gas", name: "Gas Canister", category: "Outdoor > Cooking" },
  { sku: "jacket", name: "Trail Jacket", category: "Apparel > Jackets" },
  { sku: "socks", name: "Wool Socks", category: "Apparel > Socks" },
  { sku: "map", name: "Trail Map", category: null },
  { sku: "lamp", name: "Head Lamp", category: "Outdoor > Camping" },
];

export interface BasketOrder {
  customer: string;
  placedAt: Date;
  status: string;
  skus: string[];
}

/** Park-Miller: the same data on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

/** Loads products, customers, orders and their lines set-based; answers SKU → product id and external id → customer id. */
export async function loadBaskets(
  workspaceId: number,
  products: readonly BasketProduct[],
  customers: readonly string[],
  orders: readonly BasketOrder[],
): Promise<{ productIds: Map<string, number>; customerIds: Map<string, string> }> {
  const p = await pool.query<{ id: number; external_id: string }>(
    `INSERT INTO product (workspace_id, external_id, name, category, updated_at)
     SELECT $1::int4, s, n, c, now() FROM unnest($2::text[], $3::text[], $4::text[]) AS u(s, n, c) RETURNING id, external_id`,
    [workspaceId, products.map((x) => x.sku), products.map((x) => x.name), products.map((x) => x.category)],
  );
  const productIds = new Map(p.rows.map((r) => [r.external_id, r.id]));
  const c = await pool.query<{ id: string; external_id: string }>(
    `INSERT INTO customer (workspace_id, external_id, updated_at) SELECT $1::int4, e, now() FROM unnest($2::text[]) AS e RETURNING id::text, external_id`,
    [workspaceId, customers],
  );
  const customerIds = new Map(c.rows.map((r) => [r.external_id, r.id]));
  const externalIds = orders.map(() => `o-${randomUUID()}`);
  const o = await pool.query<{ id: string; external_id: string }>(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status, updated_at)
     SELECT $1::int4, cu, e, p, 10, 'USD', s, now() FROM unnest($2::int8[], $3::text[], $4::timestamptz[], $5::text[]) AS u(cu, e, p, s)
     RETURNING id::text, external_id`,
    [workspaceId, orders.map((x) => customerIds.get(x.customer)!), externalIds, orders.map((x) => x.placedAt), orders.map((x) => x.status)],
  );
  const orderIds = new Map(o.rows.map((r) => [r.external_id, r.id]));
  const lineOrders: string[] = [];
  const lineProducts: number[] = [];
  const lineNumbers: number[] = [];
  orders.forEach((order, i) => {
    order.skus.forEach((sku, n) => {
      lineOrders.push(orderIds.get(externalIds[i]!)!);
      lineProducts.push(productIds.get(sku)!);
      lineNumbers.push(n + 1);
    });
  });
  await pool.query(
    `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price)
     SELECT $1::int4, o, p, n, 1, 10 FROM unnest($2::int8[], $3::int4[], $4::int4[]) AS u(o, p, n)`,
    [workspaceId, lineOrders, lineProducts, lineNumbers],
  );
  return { productIds, customerIds };
}
