import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { buildRecommendations } from "../../lib/recommendations/build-recommendations.ts";
import { evaluateOffline } from "../../lib/recommendations/offline-evaluation.ts";
import { hitAtK } from "../../lib/recommendations/ranking-metrics.ts";
import { createWorkspace } from "./analytics-fixtures.ts";
import { loadBaskets, seededRandom, type BasketOrder, type BasketProduct } from "../support/basket-data.ts";

/**
 * Offline evaluation on generated baskets with planted structure: products
 * come in bundles of four, each customer shops one bundle, and a few
 * best-sellers go into any basket. The next basket is predictable from the
 * earlier ones by co-purchase, not by popularity, so the method must beat the
 * popularity baseline; the baseline itself is checked against a recount.
 */

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
const BUNDLES = 12;

function generate(): { products: BasketProduct[]; customers: string[]; orders: BasketOrder[] } {
  const rnd = seededRandom(4242);
  const products: BasketProduct[] = [];
  for (let b = 0; b < BUNDLES; b++) for (let i = 0; i < 4; i++) products.push({ sku: `b${b}-${i}`, name: `Bundle ${b} item ${i}`, category: `Bundle ${b}` });
  for (let i = 0; i < 3; i++) products.push({ sku: `best-${i}`, name: `Best-seller ${i}`, category: "Best-sellers" });
  const customers: string[] = [];
  const orders: BasketOrder[] = [];
  for (let c = 0; c < 360; c++) {
    const id = `c${c}`;
    customers.push(id);
    const bundle = Math.floor(rnd() * BUNDLES);
    const n = 2 + Math.floor(rnd() * 3);
    let t = NOW.getTime() - Math.floor(rnd() * 400 * DAY);
    for (let k = 0; k < n; k++) {
      const skus = new Set<string>();
      const size = 1 + Math.floor(rnd() * 2);
      while (skus.size < size) skus.add(`b${bundle}-${Math.floor(rnd() * 4)}`);
      if (rnd() < 0.6) skus.add(`best-${Math.floor(rnd() * 3)}`);
      orders.push({ customer: id, placedAt: new Date(t), status: "completed", skus: [...skus] });
      t += Math.floor((5 + rnd() * 40) * DAY);
    }
  }
  return { products, customers, orders };
}

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

describe("offline evaluation", () => {
  it("hides each customer's last basket, and the co-purchase method beats popularity at hit-rate@5 and NDCG@5", async () => {
    const ws = await createWorkspace();
    const data = generate();
    const { productIds } = await loadBaskets(ws, data.products, data.customers, data.orders);
    const asOf = new Date(Math.max(...data.orders.map((o) => o.placedAt.getTime())) + DAY);
    await buildRecommendations(ws, { asOf });
    const before = await pool.query("SELECT product_id, rank, neighbor_id, confidence FROM product_neighbor WHERE workspace_id = $1 ORDER BY 1, 2", [ws]);

    const result = await evaluateOffline(ws, { asOf, k: 5 });
    expect(result).not.toBeNull();
    const r = result!;
    // Everyone has two or more baskets, so everyone is scored.
    expect(r.customers).toBe(360);
    expect(r.method.hitRate).toBeGreaterThan(r.popularity.hitRate + 0.2);
    expect(r.method.ndcg).toBeGreaterThan(r.popularity.ndcg + 0.1);

    // The baseline recounted here: the 5 best-selling products of the earlier baskets the customer has not bought.
    const byCustomer = new Map<string, BasketOrder[]>();
    for (const o of data.orders) byCustomer.set(o.customer, [...(byCustomer.get(o.customer) ?? []), o]);
    const training: { customer: string; skus: string[]; at: number }[] = [];
    const heldOut = new Map<string, Set<string>>();
    for (const [c, list] of byCustomer) {
      const sorted = [...list].sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
      heldOut.set(c, new Set(sorted.at(-1)!.skus));
      for (const o of sorted.slice(0, -1)) training.push({ customer: c, skus: o.skus, at: o.placedAt.getTime() });
    }
    // Popularity: buyers weighted by the decay of their latest purchase (default half-life 180 days), as documented.
    const latest = new Map<string, Map<string, number>>();
    const bought = new Map<string, Map<string, number>>();
    for (const o of training) {
      for (const s of o.skus) {
        const m = latest.get(s) ?? new Map<string, number>();
        m.set(o.customer, Math.max(m.get(o.customer) ?? 0, o.at));
        latest.set(s, m);
        const b = bought.get(o.customer) ?? new Map<string, number>();
        b.set(s, (b.get(s) ?? 0) + 1);
        bought.set(o.customer, b);
      }
    }
    const popularity = [...latest].map(([s, m]) => ({
      sku: s,
      pop: [...m.values()].reduce((sum, at) => sum + Math.exp((-Math.LN2 * Math.max(0, (asOf.getTime() - at) / DAY)) / 180), 0),
      repeat: [...m.keys()].filter((c) => (bought.get(c)!.get(s) ?? 0) >= 2).length / m.size,
    }));
    popularity.sort((a, b) => b.pop - a.pop || productIds.get(a.sku)! - productIds.get(b.sku)!);
    let hits = 0;
    for (const [c, truth] of heldOut) {
      const owns = bought.get(c) ?? new Map();
      const list = popularity.filter((p) => !(owns.has(p.sku) && p.repeat < 0.25)).slice(0, 5).map((p) => p.sku);
      hits += hitAtK(list, truth, 5);
    }
    expect(r.popularity.hitRate).toBeCloseTo(hits / heldOut.size, 12);

    // The published model is untouched by the evaluation.
    const after = await pool.query("SELECT product_id, rank, neighbor_id, confidence FROM product_neighbor WHERE workspace_id = $1 ORDER BY 1, 2", [ws]);
    expect(after.rows).toEqual(before.rows);
    console.log(`offline evaluation (planted bundles): method hit@5 ${r.method.hitRate.toFixed(3)} NDCG@5 ${r.method.ndcg.toFixed(3)}; popularity hit@5 ${r.popularity.hitRate.toFixed(3)} NDCG@5 ${r.popularity.ndcg.toFixed(3)}`);
  });
});
