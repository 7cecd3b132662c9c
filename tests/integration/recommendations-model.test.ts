import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { withTransaction } from "../../lib/db/transaction.ts";
import { buildRecommendations } from "../../lib/recommendations/build-recommendations.ts";
import { buildModelTables } from "../../lib/recommendations/model-tables.ts";
import { createWorkspace } from "./analytics-fixtures.ts";
import { loadBaskets, OUTDOOR_PRODUCTS, seededRandom, type BasketOrder } from "../support/basket-data.ts";

/**
 * The co-purchase model against an independent computation in TypeScript
 * from the generated baskets: decayed weights, support, confidence, lift,
 * Jaccard, the neighbour ranking, repurchase rates and popularity, at
 * product and at category level. Cancelled orders and orders after the as-of
 * time must not count; a product on two lines of one order counts once, and
 * an order whose lines have no product is no basket.
 */

const AS_OF = new Date("2026-11-20T12:00:00Z");
const SETTINGS = { halfLifeDays: 90, minSupport: 2, topN: 3, repeatPurchaseRate: 0.25 };
const DAY = 86_400_000;

const PRODUCTS = OUTDOOR_PRODUCTS;

function generate(): { customers: string[]; orders: BasketOrder[] } {
  const rnd = seededRandom(1208);
  const skus = PRODUCTS.map((p) => p.sku);
  const customers: string[] = [];
  const orders: BasketOrder[] = [];
  for (let c = 0; c < 70; c++) {
    const id = `c${c}`;
    customers.push(id);
    const n = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) {
      const basket = new Set<string>();
      const size = 1 + Math.floor(rnd() * 4);
      while (basket.size < size) {
        // Planted pairs so that some pairs pass the support threshold and some do not.
        const first = skus[Math.floor(rnd() * skus.length)]!;
        basket.add(first);
        if (first === "stove" && rnd() < 0.7) basket.add("gas");
        if (first === "tent" && rnd() < 0.6) basket.add("mat");
      }
      const placedAt = new Date(AS_OF.getTime() - Math.floor(rnd() * 700 * DAY) + (rnd() < 0.03 ? 40 * DAY : 0));
      const status = rnd() < 0.08 ? "cancelled" : rnd() < 0.05 ? "refunded" : "completed";
      orders.push({ customer: id, placedAt, status, skus: [...basket] });
    }
  }
  // The same product on two lines of one order (a second line number): still one basket holding it, once.
  orders.push({ customer: "c1", placedAt: new Date(AS_OF.getTime() - 2 * DAY), status: "completed", skus: ["gas", "stove", "gas"] });
  orders.push({ customer: "c2", placedAt: new Date(AS_OF.getTime() - 3 * DAY), status: "completed", skus: ["socks", "socks"] });
  return { customers, orders };
}

interface OracleModel {
  stats: Map<string, { baskets: number; weighted: number; buyers: number; repeatBuyers: number; popularity: number }>;
  neighbours: Map<string, { neighbour: string; coBaskets: number; weighted: number; confidence: number; lift: number; jaccard: number }[]>;
}

/** The model, computed from the baskets directly: keyOf maps a SKU to the item (the SKU itself, or its category). */
function oracle(orders: BasketOrder[], keyOf: (sku: string) => string | null): OracleModel {
  const baskets = orders
    .filter((o) => o.status === "completed" && o.placedAt <= AS_OF)
    .map((o) => ({
      customer: o.customer,
      w: Math.exp((-Math.LN2 * Math.max(0, (AS_OF.getTime() - o.placedAt.getTime()) / DAY)) / SETTINGS.halfLifeDays),
      items: [...new Set(o.skus.map(keyOf).filter((k): k is string => k !== null))],
    }));
  // Lift is measured against every basket with a product, at both levels (an order of uncategorised products included).
  const totalWeight = baskets.reduce((s, b) => s + b.w, 0);
  const stats: OracleModel["stats"] = new Map();
  const byCustomer = new Map<string, Map<string, { orders: number; latest: number }>>();
  const pair = new Map<string, { n: number; w: number }>();
  for (const b of baskets) {
    for (const i of b.items) {
      const s = stats.get(i) ?? { baskets: 0, weighted: 0, buyers: 0, repeatBuyers: 0, popularity: 0 };
      s.baskets++;
      s.weighted += b.w;
      stats.set(i, s);
      const mine = byCustomer.get(b.customer) ?? new Map();
      const m = mine.get(i) ?? { orders: 0, latest: 0 };
      m.orders++;
      m.latest = Math.max(m.latest, b.w);
      mine.set(i, m);
      byCustomer.set(b.customer, mine);
      for (const j of b.items) {
        if (i === j) continue;
        const p = pair.get(`${i}\u0000${j}`) ?? { n: 0, w: 0 };
        p.n++;
        p.w += b.w;
        pair.set(`${i}\u0000${j}`, p);
      }
    }
  }
  for (const mine of byCustomer.values()) {
    for (const [i, m] of mine) {
      const s = stats.get(i)!;
      s.buyers++;
      if (m.orders >= 2) s.repeatBuyers++;
      s.popularity += m.latest;
    }
  }
  const neighbours: OracleModel["neighbours"] = new Map();
  for (const [key, p] of pair) {
    const [i, j] = key.split("\u0000") as [string, string];
    const wi = stats.get(i)!.weighted;
    const wj = stats.get(j)!.weighted;
    const lift = (p.w * totalWeight) / (wi * wj);
    if (p.n < SETTINGS.minSupport || lift <= 1) continue;
    const list = neighbours.get(i) ?? [];
    list.push({ neighbour: j, coBaskets: p.n, weighted: p.w, confidence: p.w / wi, lift, jaccard: p.w / (wi + wj - p.w) });
    neighbours.set(i, list);
  }
  for (const [i, list] of neighbours) {
    list.sort((a, b) => b.confidence - a.confidence || b.weighted / stats.get(b.neighbour)!.weighted - a.weighted / stats.get(a.neighbour)!.weighted || (a.neighbour < b.neighbour ? -1 : 1));
    neighbours.set(i, list.slice(0, SETTINGS.topN));
  }
  return { stats, neighbours };
}

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

describe("recommendations build", () => {
  let ws: number;
  let orders: BasketOrder[];
  let skuOf: Map<number, string>;
  let customerOf: Map<string, string>;

  beforeAll(async () => {
    ws = await createWorkspace({ settings: { recommendations: SETTINGS } });
    const data = generate();
    orders = data.orders;
    const { productIds, customerIds } = await loadBaskets(ws, PRODUCTS, data.customers, orders);
    skuOf = new Map([...productIds].map(([sku, id]) => [id, sku]));
    // Orders whose only lines have no product (deleted from the catalogue): not baskets, though counted and recent.
    // c3's is their latest order, so the hold-out must pass over it too. The oracle never sees them.
    for (const [customer, daysAgo] of [["c3", 0.5], ["c4", 1]] as const) {
      await pool.query(
        `WITH o AS (INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency)
                    VALUES ($1, $2, $3, $4, 10, 'USD') RETURNING id)
         INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price)
         SELECT $1, o.id, NULL, n, 1, 10 FROM o CROSS JOIN generate_series(1, 2) AS n`,
        [ws, customerIds.get(customer), `no-product-${customer}`, new Date(AS_OF.getTime() - daysAgo * DAY)],
      );
    }
    customerOf = new Map([...customerIds].map(([external, id]) => [id, external]));
    const result = await buildRecommendations(ws, { asOf: AS_OF });
    expect(result?.productPairs).toBeGreaterThan(0);
  });

  it("keeps each product's statistics as the baskets give them", async () => {
    const expected = oracle(orders, (sku) => sku).stats;
    const rows = await pool.query<{ product_id: number; baskets: number; weighted_baskets: number; buyers: number; repeat_buyers: number; repurchase_rate: number; popularity: number }>(
      "SELECT product_id, baskets, weighted_baskets, buyers, repeat_buyers, repurchase_rate, popularity FROM product_stat WHERE workspace_id = $1",
      [ws],
    );
    expect(rows.rows.length).toBe(expected.size);
    for (const row of rows.rows) {
      const e = expected.get(skuOf.get(row.product_id)!)!;
      expect(row.baskets).toBe(e.baskets);
      expect(row.weighted_baskets).toBeCloseTo(e.weighted, 9);
      expect(row.buyers).toBe(e.buyers);
      expect(row.repeat_buyers).toBe(e.repeatBuyers);
      expect(row.repurchase_rate).toBeCloseTo(e.repeatBuyers / e.buyers, 12);
      expect(row.popularity).toBeCloseTo(e.popularity, 9);
    }
  });

  it("keeps the top neighbours of each product with their support, confidence, lift and Jaccard", async () => {
    const expected = oracle(orders, (sku) => sku).neighbours;
    const rows = await pool.query<{ product_id: number; rank: number; neighbor_id: number; co_baskets: number; weighted_co_baskets: number; confidence: number; lift: number; jaccard: number }>(
      "SELECT product_id, rank, neighbor_id, co_baskets, weighted_co_baskets, confidence, lift, jaccard FROM product_neighbor WHERE workspace_id = $1 ORDER BY product_id, rank",
      [ws],
    );
    const got = new Map<string, typeof rows.rows>();
    for (const r of rows.rows) got.set(skuOf.get(r.product_id)!, [...(got.get(skuOf.get(r.product_id)!) ?? []), r]);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [sku, list] of expected) {
      const mine = got.get(sku)!;
      expect(mine.map((r) => skuOf.get(r.neighbor_id))).toEqual(list.map((n) => n.neighbour));
      expect(mine.map((r) => r.rank)).toEqual(list.map((_, k) => k + 1));
      list.forEach((n, k) => {
        expect(mine[k]!.co_baskets).toBe(n.coBaskets);
        expect(mine[k]!.weighted_co_baskets).toBeCloseTo(n.weighted, 9);
        expect(mine[k]!.confidence).toBeCloseTo(n.confidence, 9);
        expect(mine[k]!.lift).toBeCloseTo(n.lift, 9);
        expect(mine[k]!.jaccard).toBeCloseTo(n.jaccard, 9);
      });
    }
    // The planted pair is found, and is each one's first neighbour.
    expect(got.get("stove")?.[0] && skuOf.get(got.get("stove")![0]!.neighbor_id)).toBe("gas");
  });

  it("keeps category neighbours from the products' category paths", async () => {
    const categoryOf = new Map(PRODUCTS.map((p) => [p.sku, p.category]));
    const expected = oracle(orders, (sku) => categoryOf.get(sku) ?? null);
    const stats = await pool.query<{ category: string; baskets: number; buyers: number; popularity: number }>(
      "SELECT category, baskets, buyers, popularity FROM category_stat WHERE workspace_id = $1",
      [ws],
    );
    expect(stats.rows.length).toBe(expected.stats.size);
    for (const s of stats.rows) {
      const e = expected.stats.get(s.category)!;
      expect([s.baskets, s.buyers]).toEqual([e.baskets, e.buyers]);
      expect(s.popularity).toBeCloseTo(e.popularity, 9);
    }
    const rows = await pool.query<{ category: string; neighbor_category: string; co_baskets: number; confidence: number; lift: number; jaccard: number }>(
      "SELECT category, neighbor_category, co_baskets, confidence, lift, jaccard FROM category_neighbor WHERE workspace_id = $1 ORDER BY category, rank",
      [ws],
    );
    // Baskets with two products of one category and one of another are in the data: each such pair counts once.
    expect(rows.rows.length).toBeGreaterThan(0);
    const flat = [...expected.neighbours].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([c, list]) => list.map((n) => ({ c, ...n })));
    expect(rows.rows.map((r) => [r.category, r.neighbor_category, r.co_baskets])).toEqual(flat.map((n) => [n.c, n.neighbour, n.coBaskets]));
    rows.rows.forEach((r, k) => {
      expect(r.confidence).toBeCloseTo(flat[k]!.confidence, 9);
      expect(r.lift).toBeCloseTo(flat[k]!.lift, 9);
      expect(r.jaccard).toBeCloseTo(flat[k]!.jaccard, 9);
    });
  });

  it("records the build and replaces the previous model when rebuilt", async () => {
    const before = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM product_neighbor WHERE workspace_id = $1", [ws]);
    await buildRecommendations(ws, { asOf: AS_OF });
    const after = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM product_neighbor WHERE workspace_id = $1", [ws]);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const build = await pool.query<{ baskets: string; half_life_days: number; min_support: number; top_n: number }>(
      "SELECT baskets::text, half_life_days, min_support, top_n FROM recommendation_build WHERE workspace_id = $1",
      [ws],
    );
    const counted = orders.filter((o) => o.status === "completed" && o.placedAt <= AS_OF).length;
    expect(build.rows[0]).toEqual({ baskets: String(counted), half_life_days: 90, min_support: 2, top_n: 3 });
  });

  it("holds out each customer's last basket for the offline evaluation and builds from the earlier ones", async () => {
    const counted = orders.filter((o) => o.status === "completed" && o.placedAt <= AS_OF);
    const lastOf = new Map<string, BasketOrder>();
    const basketsOf = new Map<string, number>();
    for (const o of counted) {
      basketsOf.set(o.customer, (basketsOf.get(o.customer) ?? 0) + 1);
      if (!lastOf.has(o.customer) || lastOf.get(o.customer)!.placedAt < o.placedAt) lastOf.set(o.customer, o);
    }
    const heldOut = new Set([...lastOf].filter(([c]) => basketsOf.get(c)! >= 2).map(([, o]) => o));
    const expectedHeldOut = [...heldOut].flatMap((o) => [...new Set(o.skus)].map((sku) => `${o.customer} ${sku}`)).sort();
    const expected = oracle(counted.filter((o) => !heldOut.has(o)), (sku) => sku).stats;

    const got = await withTransaction(async (client) => {
      await buildModelTables(client, { workspaceId: ws, asOf: AS_OF, settings: SETTINGS, holdOutLastOrder: true, categories: false });
      const held = await client.query<{ customer_id: string; product_id: number }>("SELECT customer_id::text, product_id FROM rb_heldout");
      const stats = await client.query<{ product_id: number; baskets: number; weighted_baskets: number; buyers: number; repeat_buyers: number; popularity: number }>(
        "SELECT product_id, baskets, weighted_baskets, buyers, repeat_buyers, popularity FROM rb_product_stat",
      );
      return { held: held.rows, stats: stats.rows };
    });
    expect(got.held.map((r) => `${customerOf.get(r.customer_id)} ${skuOf.get(r.product_id)}`).sort()).toEqual(expectedHeldOut);
    // c3's latest order has no product: what is held out for them (compared above) is the basket before it.
    expect(basketsOf.get("c3")).toBeGreaterThanOrEqual(2);
    expect(got.stats.length).toBe(expected.size);
    for (const row of got.stats) {
      const e = expected.get(skuOf.get(row.product_id)!)!;
      expect([row.baskets, row.buyers, row.repeat_buyers]).toEqual([e.baskets, e.buyers, e.repeatBuyers]);
      expect(row.weighted_baskets).toBeCloseTo(e.weighted, 9);
      expect(row.popularity).toBeCloseTo(e.popularity, 9);
    }
  });
});
