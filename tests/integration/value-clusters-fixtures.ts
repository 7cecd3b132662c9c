import { pool } from "../../lib/db/pool.ts";
import { addCustomers } from "./analytics-fixtures.ts";

/**
 * A generated retailer with four planted customer types, written as raw rows,
 * and kept in memory so the test can compute the features on its own.
 */
export const TYPES = ["discount", "premium", "novelty", "bulk"] as const;
export type PlantedType = (typeof TYPES)[number];

export interface GenProduct {
  externalId: string;
  category: string | null;
  launchDate: string | null; // YYYY-MM-DD
  price: number;
}
export interface GenLine {
  product: string | null;
  quantity: number;
  unitPrice: number;
  discount: number;
}
export interface GenOrder {
  placedAt: Date;
  total: number;
  channel: string | null;
  status: string;
  lines: GenLine[];
}
export interface GenCustomer {
  externalId: string;
  type: PlantedType;
  orders: GenOrder[];
}

/** Park-Miller: the same data on every run. */
export function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

const DAY = 86_400_000;
const START = Date.parse("2025-01-01T00:00:00Z");

export function generateRetailer(perType: number, seed: number): { products: GenProduct[]; customers: GenCustomer[] } {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const products: GenProduct[] = [];
  const cats = ["Apparel > Shirts", "Apparel > Shoes", "Home > Kitchen", "Beauty > Skin", "Electronics"];
  for (const cat of cats)
    for (let i = 0; i < 6; i++) products.push({ externalId: `${cat}-${i}`, category: cat, launchDate: "2020-01-01", price: i < 3 ? 10 + i : 40 + i * 5 });
  // A new Home product every 30 days, each with a launch date.
  for (let m = 0; m < 22; m++) {
    const launch = new Date(START + m * 30 * DAY).toISOString().slice(0, 10);
    products.push({ externalId: `new-${m}`, category: "Home > Decor", launchDate: launch, price: 20 + (m % 4) });
  }
  products.push({ externalId: "uncategorised", category: null, launchDate: null, price: 15 });
  const byCat = (cat: string, expensive: boolean) => products.filter((p) => p.category === cat && p.externalId.startsWith(cat) && (p.price >= 40) === expensive);

  const customers: GenCustomer[] = [];
  for (const type of TYPES)
    for (let c = 0; c < perType; c++) {
      const orders: GenOrder[] = [];
      const n = 3 + Math.floor(rnd() * 4);
      let t = START + rnd() * 200 * DAY;
      for (let o = 0; o < n; o++) {
        // Regular buyers (premium, bulk) every ~30 days; the others at very uneven gaps.
        t += type === "premium" || type === "bulk" ? (28 + rnd() * 4) * DAY : (rnd() < 0.5 ? 1 + rnd() * 3 : 60 + rnd() * 60) * DAY;
        const lines: GenLine[] = [];
        const nLines = 1 + Math.floor(rnd() * 3);
        for (let l = 0; l < nLines; l++) {
          let product: GenProduct;
          let quantity = 1 + Math.floor(rnd() * 2);
          let discountShare = rnd() * 0.03;
          if (type === "discount") {
            product = pick(byCat(rnd() < 0.5 ? "Apparel > Shirts" : "Apparel > Shoes", false));
            discountShare = 0.4 + rnd() * 0.2;
          } else if (type === "premium") {
            product = pick(byCat(pick(["Apparel > Shoes", "Beauty > Skin", "Electronics"]), true));
          } else if (type === "novelty") {
            // The product launched most recently before the order.
            const m = Math.min(21, Math.floor((t - START) / (30 * DAY)));
            product = products.find((p) => p.externalId === `new-${m}`)!;
          } else {
            product = pick(byCat(rnd() < 0.5 ? "Beauty > Skin" : "Electronics", false));
            quantity = 8 + Math.floor(rnd() * 8);
          }
          if (rnd() < 0.05) product = products.find((p) => p.externalId === "uncategorised")!;
          const gross = quantity * product.price;
          lines.push({ product: product.externalId, quantity, unitPrice: product.price, discount: Math.round(gross * discountShare * 100) / 100 });
        }
        if (rnd() < 0.05) lines.push({ product: null, quantity: 1, unitPrice: 5, discount: 0 });
        const net = lines.reduce((s, l) => s + l.quantity * l.unitPrice - l.discount, 0);
        const channel = type === "discount" ? "web" : type === "premium" ? "store" : type === "novelty" ? (rnd() < 0.7 ? "app" : null) : "marketplace";
        const status = rnd() < 0.06 ? "cancelled" : "completed";
        orders.push({ placedAt: new Date(Math.floor(t / 1000) * 1000), total: Math.round((net + 4.95) * 100) / 100, channel, status, lines });
      }
      customers.push({ externalId: `${type}-${c}`, type, orders });
    }
  return { products, customers };
}

/** Writes the generated retailer into a workspace; returns customer external id → database id. */
export async function writeRetailer(workspaceId: number, data: { products: GenProduct[]; customers: GenCustomer[] }): Promise<Map<string, string>> {
  const ids = await addCustomers(workspaceId, data.customers.map((c) => c.externalId));
  const prods = await pool.query<{ id: number; external_id: string }>(
    `INSERT INTO product (workspace_id, external_id, name, category, launch_date, price)
     SELECT $1, e, e, c, d::date, p FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[]) AS u(e, c, d, p)
     RETURNING id, external_id`,
    [workspaceId, data.products.map((p) => p.externalId), data.products.map((p) => p.category), data.products.map((p) => p.launchDate), data.products.map((p) => p.price)],
  );
  const productId = new Map(prods.rows.map((r) => [r.external_id, r.id]));
  const orders = data.customers.flatMap((c) => c.orders.map((o, i) => ({ c, o, ext: `${c.externalId}-o${i}` })));
  const inserted = await pool.query<{ id: string; external_id: string }>(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, channel, status)
     SELECT $1, c, e, p, t, 'USD', ch, s FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::numeric[], $6::text[], $7::text[]) AS u(c, e, p, t, ch, s)
     RETURNING id::text, external_id`,
    [
      workspaceId,
      orders.map((x) => ids.get(x.c.externalId)),
      orders.map((x) => x.ext),
      orders.map((x) => x.o.placedAt.toISOString()),
      orders.map((x) => x.o.total),
      orders.map((x) => x.o.channel),
      orders.map((x) => x.o.status),
    ],
  );
  const orderId = new Map(inserted.rows.map((r) => [r.external_id, r.id]));
  const lines = orders.flatMap((x) => x.o.lines.map((l, n) => ({ l, order: orderId.get(x.ext)!, n: n + 1 })));
  await pool.query(
    `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price, discount)
     SELECT $1, o, p, n, q, u, d FROM unnest($2::bigint[], $3::int[], $4::int[], $5::int[], $6::numeric[], $7::numeric[]) AS x(o, p, n, q, u, d)`,
    [
      workspaceId,
      lines.map((x) => x.order),
      lines.map((x) => (x.l.product ? productId.get(x.l.product)! : null)),
      lines.map((x) => x.n),
      lines.map((x) => x.l.quantity),
      lines.map((x) => x.l.unitPrice),
      lines.map((x) => x.l.discount),
    ],
  );
  return ids;
}
