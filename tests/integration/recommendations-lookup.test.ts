import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as recommendationsRoute from "../../app/api/v1/customers/[externalId]/recommendations/route.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { createWorkspaceApiKey } from "../../lib/ingest/api-keys/manage-api-keys.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { loadTemplateContexts } from "../../lib/campaigns/templates/template-context.ts";
import { buildRecommendations } from "../../lib/recommendations/build-recommendations.ts";
import { readCustomerRecommendations, type CustomerRecommendationsView } from "../../lib/recommendations/customer-recommendations.ts";
import { createWorkspace } from "./analytics-fixtures.ts";
import { loadBaskets, seededRandom, type BasketOrder, type BasketProduct } from "../support/basket-data.ts";

/**
 * Next-best offers against a second implementation of the rule in
 * TypeScript over the kept model rows: Σ recency · confidence, owned products
 * left out unless they are repeat purchases (then offered again), popular
 * products to fill; plus the reasons, the back-fill for a customer without
 * history, workspace isolation and the public API's doors.
 */

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
const SETTINGS = { halfLifeDays: 120, minSupport: 2, topN: 5, repeatPurchaseRate: 0.3 };

const PRODUCTS: BasketProduct[] = [
  { sku: "tent", name: "Trail Tent", category: "Outdoor > Camping" },
  { sku: "mat", name: "Sleeping Mat", category: "Outdoor > Camping" },
  { sku: "lamp", name: "Head Lamp", category: "Outdoor > Camping" },
  { sku: "stove", name: "Camp Stove", category: "Outdoor > Cooking" },
  { sku: "gas", name: "Gas Canister", category: "Outdoor > Cooking" },
  { sku: "jacket", name: "Trail Jacket", category: "Apparel > Jackets" },
  { sku: "socks", name: "Wool Socks", category: "Apparel > Socks" },
  { sku: "map", name: "Trail Map", category: "Books" },
  { sku: "bottle", name: "Water Bottle", category: "Outdoor > Cooking" },
  { sku: "gloves", name: "Gloves", category: "Apparel > Gloves" },
];

/** Planted structure: tent → mat, stove → gas, jacket → gloves; socks and gas are bought again and again. */
function generate(seed: number): { customers: string[]; orders: BasketOrder[] } {
  const rnd = seededRandom(seed);
  const skus = PRODUCTS.map((p) => p.sku);
  const customers: string[] = [];
  const orders: BasketOrder[] = [];
  for (let c = 0; c < 80; c++) {
    const id = `c${c}`;
    customers.push(id);
    const n = 1 + Math.floor(rnd() * 4);
    const habit = rnd() < 0.4;
    for (let k = 0; k < n; k++) {
      const basket = new Set<string>();
      const size = 1 + Math.floor(rnd() * 3);
      while (basket.size < size) {
        const first = skus[Math.floor(rnd() * skus.length)]!;
        basket.add(first);
        if (first === "tent" && rnd() < 0.7) basket.add("mat");
        if (first === "stove" && rnd() < 0.7) basket.add("gas");
        if (first === "jacket" && rnd() < 0.6) basket.add("gloves");
      }
      if (habit) basket.add("socks");
      orders.push({ customer: id, placedAt: new Date(NOW.getTime() - Math.floor(rnd() * 500 * DAY)), status: rnd() < 0.07 ? "cancelled" : "completed", skus: [...basket] });
    }
  }
  // Placed after "now" (a pre-order, a clock ahead): not owned yet, at product or at category level.
  orders.push({ customer: "c0", placedAt: new Date(NOW.getTime() + 5 * DAY), status: "completed", skus: ["map", "gloves"] });
  customers.push("newcomer");
  return { customers, orders };
}

interface ModelRows {
  neighbours: Map<number, { neighbor: number; confidence: number }[]>;
  stats: Map<number, { repurchaseRate: number; popularity: number }>;
}

async function readModel(ws: number): Promise<ModelRows> {
  const n = await pool.query<{ product_id: number; neighbor_id: number; confidence: number }>(
    "SELECT product_id, neighbor_id, confidence FROM product_neighbor WHERE workspace_id = $1",
    [ws],
  );
  const s = await pool.query<{ product_id: number; repurchase_rate: number; popularity: number }>(
    "SELECT product_id, repurchase_rate, popularity FROM product_stat WHERE workspace_id = $1",
    [ws],
  );
  const neighbours: ModelRows["neighbours"] = new Map();
  for (const r of n.rows) neighbours.set(r.product_id, [...(neighbours.get(r.product_id) ?? []), { neighbor: r.neighbor_id, confidence: r.confidence }]);
  return { neighbours, stats: new Map(s.rows.map((r) => [r.product_id, { repurchaseRate: r.repurchase_rate, popularity: r.popularity }])) };
}

interface Expected {
  productId: number;
  score: number;
  kind: string;
  because: number | null;
}

/** The rule, restated independently: what the customer owns (counted orders up to now) and the model rows. */
function expectedFor(owned: Map<number, Date>, model: ModelRows, limit: number): Expected[] {
  const recency = (at: Date) => Math.exp((-Math.LN2 * Math.max(0, (NOW.getTime() - at.getTime()) / DAY)) / SETTINGS.halfLifeDays);
  const repeats = (p: number) => (model.stats.get(p)?.repurchaseRate ?? 0) >= SETTINGS.repeatPurchaseRate;
  const scored = new Map<number, { score: number; best: number; kind: string; because: number }>();
  const add = (p: number, v: number, kind: string, because: number) => {
    if (owned.has(p) && !repeats(p)) return;
    const e = scored.get(p) ?? { score: 0, best: -1, kind, because };
    e.score += v;
    if (v > e.best || (v === e.best && because < e.because)) Object.assign(e, { best: v, kind, because });
    scored.set(p, e);
  };
  for (const [i, at] of owned) {
    for (const n of model.neighbours.get(i) ?? []) add(n.neighbor, recency(at) * n.confidence, "bought_with", i);
    if (repeats(i)) add(i, recency(at) * model.stats.get(i)!.repurchaseRate, "buy_again", i);
  }
  const first = [...scored].map(([productId, e]) => ({ productId, score: e.score, kind: e.kind, because: e.because as number | null }));
  first.sort((a, b) => b.score - a.score || a.productId - b.productId);
  const popular = [...model.stats]
    .sort(([pa, a], [pb, b]) => b.popularity - a.popularity || pa - pb)
    .slice(0, limit * 2 + owned.size)
    .map(([p]) => p)
    .filter((p) => !(owned.has(p) && !repeats(p)) && !scored.has(p))
    .map((productId) => ({ productId, score: 0, kind: "popular", because: null }));
  return [...first, ...popular].slice(0, limit);
}

function ownedBy(orders: BasketOrder[], customer: string, productIds: Map<string, number>): Map<number, Date> {
  const owned = new Map<number, Date>();
  for (const o of orders) {
    if (o.customer !== customer || o.status !== "completed" || o.placedAt > NOW) continue;
    for (const sku of o.skus) {
      const id = productIds.get(sku)!;
      if (!owned.has(id) || owned.get(id)! < o.placedAt) owned.set(id, o.placedAt);
    }
  }
  return owned;
}

let ws: number;
let other: number;
let data: ReturnType<typeof generate>;
let ids: Awaited<ReturnType<typeof loadBaskets>>;
let otherIds: Awaited<ReturnType<typeof loadBaskets>>;
let model: ModelRows;
const skuOf = new Map<string, string>();

beforeAll(async () => {
  ws = await createWorkspace({ settings: { recommendations: SETTINGS } });
  data = generate(77);
  ids = await loadBaskets(ws, PRODUCTS, data.customers, data.orders);
  for (const [sku, id] of ids.productIds) skuOf.set(String(id), sku);
  await buildRecommendations(ws, { asOf: NOW });
  model = await readModel(ws);
  // A second workspace with the same SKUs and customer ids, but maps bought only with gloves.
  other = await createWorkspace({ settings: { recommendations: SETTINGS } });
  otherIds = await loadBaskets(other, PRODUCTS, ["c0", "c1", "c2", "c3"], [
    { customer: "c0", placedAt: new Date("2026-11-01T00:00:00Z"), status: "completed", skus: ["map", "gloves"] },
    { customer: "c1", placedAt: new Date("2026-11-02T00:00:00Z"), status: "completed", skus: ["map", "gloves"] },
    { customer: "c2", placedAt: new Date("2026-11-03T00:00:00Z"), status: "completed", skus: ["map", "gloves", "tent"] },
    { customer: "c3", placedAt: new Date("2026-11-04T00:00:00Z"), status: "completed", skus: ["tent"] },
  ]);
  await buildRecommendations(other, { asOf: NOW });
});

afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

async function lookup(workspaceId: number, customerId: string, limit = 6): Promise<CustomerRecommendationsView> {
  return readCustomerRecommendations(workspaceId, BigInt(customerId), { limit, now: NOW });
}

describe("next-best offers", () => {
  it("rank every customer's products as the rule says: association first, then popularity", async () => {
    let associated = 0;
    let backfilled = 0;
    for (const customer of data.customers) {
      const got = (await lookup(ws, ids.customerIds.get(customer)!)).products;
      const expected = expectedFor(ownedBy(data.orders, customer, ids.productIds), model, 6);
      expect(got.length, customer).toBe(expected.length);
      got.forEach((g, k) => {
        const e = expected[k]!;
        expect(g.score, `${customer} #${k + 1}`).toBeCloseTo(e.score, 9);
        expect(g.reason.kind, `${customer} #${k + 1}`).toBe(e.kind);
      });
      // Equal scores may come in either order only if the rule puts them level; the sets must agree.
      expect(new Set(got.map((g) => g.productId))).toEqual(new Set(expected.map((e) => skuOf.get(String(e.productId)))));
      associated += got.filter((g) => g.reason.kind !== "popular").length;
      backfilled += got.filter((g) => g.reason.kind === "popular").length;
    }
    expect(associated).toBeGreaterThan(100);
    expect(backfilled).toBeGreaterThan(10);
  });

  it("ranks every customer's categories as the rule says: categories bought with theirs, never one they bought from, then popular ones", async () => {
    const neighbours = await pool.query<{ category: string; neighbor_category: string; confidence: number }>(
      "SELECT category, neighbor_category, confidence FROM category_neighbor WHERE workspace_id = $1",
      [ws],
    );
    const popularity = await pool.query<{ category: string }>("SELECT category FROM category_stat WHERE workspace_id = $1 ORDER BY popularity DESC, category", [ws]);
    expect(neighbours.rows.length).toBeGreaterThan(0);
    const categoryOf = new Map(PRODUCTS.map((p) => [p.sku, p.category]));
    const recency = (at: Date) => Math.exp((-Math.LN2 * Math.max(0, (NOW.getTime() - at.getTime()) / DAY)) / SETTINGS.halfLifeDays);
    let scoredSeen = 0;
    for (const customer of data.customers) {
      const owned = new Map<string, Date>();
      for (const o of data.orders) {
        if (o.customer !== customer || o.status !== "completed" || o.placedAt > NOW) continue;
        for (const sku of o.skus) {
          const c = categoryOf.get(sku)!;
          if (!owned.has(c) || owned.get(c)! < o.placedAt) owned.set(c, o.placedAt);
        }
      }
      const scored = new Map<string, number>();
      for (const n of neighbours.rows) {
        const at = owned.get(n.category);
        if (at && !owned.has(n.neighbor_category)) scored.set(n.neighbor_category, (scored.get(n.neighbor_category) ?? 0) + recency(at) * n.confidence);
      }
      const expected = [...scored].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([c, score]) => ({ c, score }));
      const popular = popularity.rows.slice(0, 6 * 2 + owned.size).map((r) => r.category).filter((c) => !owned.has(c) && !scored.has(c));
      const all = [...expected, ...popular.map((c) => ({ c, score: 0 }))].slice(0, 6);
      const got = (await lookup(ws, ids.customerIds.get(customer)!)).categories;
      expect(got.map((g) => g.category), customer).toEqual(all.map((e) => e.c));
      got.forEach((g, k) => expect(g.score, `${customer} #${k + 1}`).toBeCloseTo(all[k]!.score, 9));
      scoredSeen += got.filter((g) => g.reason.kind === "bought_with").length;
    }
    expect(scoredSeen).toBeGreaterThan(0);
  });

  it("never offers what the customer owns unless its repurchase rate makes it a repeat purchase", async () => {
    let offeredAgain = 0;
    for (const customer of data.customers) {
      const owned = ownedBy(data.orders, customer, ids.productIds);
      for (const p of (await lookup(ws, ids.customerIds.get(customer)!, 10)).products) {
        const id = ids.productIds.get(p.productId)!;
        if (!owned.has(id)) continue;
        expect(model.stats.get(id)!.repurchaseRate, `${customer} owns ${p.productId}`).toBeGreaterThanOrEqual(SETTINGS.repeatPurchaseRate);
        offeredAgain++;
      }
    }
    // Socks are bought in every order of the habitual buyers: a repeat purchase, offered again.
    expect(model.stats.get(ids.productIds.get("socks")!)!.repurchaseRate).toBeGreaterThanOrEqual(SETTINGS.repeatPurchaseRate);
    expect(offeredAgain).toBeGreaterThan(0);
  });

  it("gives a customer without history the most popular products, in popularity order", async () => {
    const got = await lookup(ws, ids.customerIds.get("newcomer")!, 4);
    const popular = [...model.stats].sort(([pa, a], [pb, b]) => b.popularity - a.popularity || pa - pb).slice(0, 4);
    expect(got.products.map((p) => p.productId)).toEqual(popular.map(([p]) => skuOf.get(String(p))));
    expect(got.products.every((p) => p.reason.kind === "popular" && p.reason.text === "Popular with recent buyers")).toBe(true);
    expect(got.categories.length).toBeGreaterThan(0);
  });

  it("names the product a recommendation comes from and how often the two are bought together", async () => {
    // Someone who bought only a tent, yesterday: the sleeping mat is offered because of the tent.
    const [c] = (await pool.query<{ id: string }>(
      "INSERT INTO customer (workspace_id, external_id) VALUES ($1, 'tent-only') RETURNING id::text",
      [ws],
    )).rows;
    await pool.query(
      `WITH o AS (INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency)
                  VALUES ($1, $2, 'tent-only-1', $3, 10, 'USD') RETURNING id)
       INSERT INTO order_item (workspace_id, order_id, product_id, quantity, unit_price) SELECT $1, o.id, $4, 1, 10 FROM o`,
      [ws, c!.id, new Date(NOW.getTime() - DAY), ids.productIds.get("tent")],
    );
    const got = await lookup(ws, c!.id, 3);
    const tentNeighbours = model.neighbours.get(ids.productIds.get("tent")!)!;
    const top = got.products[0]!;
    expect(top.productId).toBe("mat");
    const confidence = tentNeighbours.find((n) => n.neighbor === ids.productIds.get("mat"))!.confidence;
    expect(top.reason).toMatchObject({ kind: "bought_with", because: "Trail Tent" });
    expect(top.reason.text).toBe(`Bought with Trail Tent in ${Math.round(confidence * 100)}% of its orders`);
    expect(got.products.map((p) => p.productId)).not.toContain("tent");
    // Categories: the customer has bought camping only; what is offered is a category bought with it, not camping itself.
    expect(got.categories.map((x) => x.category)).not.toContain("Outdoor > Camping");
  });

  it("keeps workspaces apart: the same customer id reads its own workspace's model only, and another workspace's customer is not found", async () => {
    const c3 = otherIds.customerIds.get("c3")!;
    const theirs = await lookup(other, c3, 3);
    // In the other workspace maps and gloves are bought with tents; here tents go with mats.
    expect(theirs.products.map((p) => p.productId).slice(0, 2).sort()).toEqual(["gloves", "map"]);
    await expect(lookup(ws, c3)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("gives campaign templates the same products, best first, with their reasons", async () => {
    const ids5 = ["c1", "c2", "newcomer"].map((c) => ids.customerIds.get(c)!);
    const contexts = await loadTemplateContexts(pool, ws, ids5);
    for (const id of ids5) {
      const direct = await readCustomerRecommendations(ws, BigInt(id), { limit: 5 });
      expect(contexts.get(id)!.recommendations).toEqual(
        direct.products.map((p) => ({ name: p.name, product_id: p.productId, category: p.category, price: p.price === null ? null : Number(p.price), reason: p.reason.text })),
      );
      expect(contexts.get(id)!.recommendations).toHaveLength(5);
    }
  });

  it("answers empty lists before the first build", async () => {
    const fresh = await createWorkspace();
    const { customerIds } = await loadBaskets(fresh, PRODUCTS.slice(0, 2), ["x"], [{ customer: "x", placedAt: NOW, status: "completed", skus: ["tent", "mat"] }]);
    expect(await lookup(fresh, customerIds.get("x")!)).toEqual({ builtAt: null, products: [], categories: [] });
  });
});

const BASE = "http://localhost:3000";
type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

async function get(path: string, key: string | null) {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await (recommendationsRoute.GET as unknown as Handler)(new NextRequest(`${BASE}${path}`, { headers }), { params: Promise.resolve({} as never) });
  return { status: res.status, body: (await res.json()) as { data?: CustomerRecommendationsView; error?: { code: string; details?: { path: string }[] } } };
}

describe("GET /api/v1/customers/{externalId}/recommendations", () => {
  it("answers what the lookup gives, for the key's workspace only; 401 without a key, 403 without the read scope, 404 for an unknown id, 422 for a bad limit", async () => {
    const { key } = await createWorkspaceApiKey(ws, "user-less", { name: "recs", scopes: ["read"] });
    const { key: writeOnly } = await createWorkspaceApiKey(ws, "user-less", { name: "recs-w", scopes: ["write"] });
    const ok = await get("/api/v1/customers/c5/recommendations?limit=4", key);
    expect(ok.status).toBe(200);
    const direct = await readCustomerRecommendations(ws, BigInt(ids.customerIds.get("c5")!), { limit: 4 });
    expect(ok.body.data!.products.map((p) => p.productId)).toEqual(direct.products.map((p) => p.productId));
    expect(ok.body.data!.products).toHaveLength(4);
    expect(ok.body.data!.builtAt).toBe(direct.builtAt);

    expect((await get("/api/v1/customers/c5/recommendations", null)).status).toBe(401);
    expect((await get("/api/v1/customers/c5/recommendations", writeOnly)).status).toBe(403);
    expect((await get("/api/v1/customers/nobody/recommendations", key)).status).toBe(404);
    expect((await get("/api/v1/customers/%00x/recommendations", key)).status).toBe(404);
    const bad = await get("/api/v1/customers/c5/recommendations?limit=0", key);
    expect(bad.status).toBe(422);
    expect(bad.body.error?.details?.[0]?.path).toBe("limit");

    // A key of the other workspace sees its own c5-less customers: c5 is not there.
    const { key: otherKey } = await createWorkspaceApiKey(other, "user-less", { name: "recs-o", scopes: ["read"] });
    expect((await get("/api/v1/customers/c5/recommendations", otherKey)).status).toBe(404);
    const theirs = await get("/api/v1/customers/c3/recommendations?limit=2", otherKey);
    expect(theirs.body.data!.products.map((p) => p.productId).sort()).toEqual(["gloves", "map"]);
  });
});
