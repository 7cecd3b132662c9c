import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { buildRecommendations } from "../../lib/recommendations/build-recommendations.ts";
import { CATEGORY_OFFERS_KEPT } from "../../lib/recommendations/category-offer-limit.ts";
import { readCustomerRecommendations } from "../../lib/recommendations/customer-recommendations.ts";
import type { SegmentDefinition } from "../../lib/segments/definition.schema.ts";
import { explainSegment } from "../../lib/segments/explain-segment.ts";
import { countSegment } from "../../lib/segments/count-segment.ts";
import { SegmentDefinitionError } from "../../lib/segments/segment-definition-error.ts";
import { validateSegmentDefinition } from "../../lib/segments/validate-segment-definition.ts";
import { createWorkspace } from "./analytics-fixtures.ts";
import { loadBaskets, seededRandom, type BasketOrder, type BasketProduct } from "../support/basket-data.ts";

/**
 * The kept recommended categories (customer_category_offer) and the segment
 * rule over them, against the customer lookup as the oracle: for every
 * customer of a generated workspace the kept list is what
 * readCustomerRecommendations answers at the build's as-of time, and the
 * rule's members are a TypeScript filter over those answers. Plus the
 * build's atomicity and the rule's validation.
 */

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
const SETTINGS = { halfLifeDays: 90, minSupport: 2, topN: 5, repeatPurchaseRate: 0.3 };
const CATEGORIES = ["Tea > Green", "Tea > Black", "Coffee", "Mugs", "Kettles", "Books", "Snacks", "Gifts"];

const PRODUCTS: BasketProduct[] = [
  ...CATEGORIES.flatMap((category, i) => [
    { sku: `p${i}a`, name: `${category} A`, category },
    { sku: `p${i}b`, name: `${category} B`, category },
  ]),
  { sku: "loose", name: "Uncategorised", category: null },
];

/** Planted pairs (green tea → kettles, coffee → mugs, books → gifts), random noise, cancelled and future orders. */
function generate(seed: number): { customers: string[]; orders: BasketOrder[] } {
  const rnd = seededRandom(seed);
  const customers: string[] = [];
  const orders: BasketOrder[] = [];
  const sku = (category: number) => `p${category}${rnd() < 0.5 ? "a" : "b"}`;
  for (let c = 0; c < 140; c++) {
    const id = `c${c}`;
    customers.push(id);
    const n = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) {
      const basket = new Set<string>();
      const size = 1 + Math.floor(rnd() * 3);
      while (basket.size < size) {
        const first = Math.floor(rnd() * CATEGORIES.length);
        basket.add(sku(first));
        if (first === 0 && rnd() < 0.7) basket.add(sku(4));
        if (first === 2 && rnd() < 0.7) basket.add(sku(3));
        if (first === 5 && rnd() < 0.6) basket.add(sku(7));
        if (rnd() < 0.1) basket.add("loose");
      }
      // Some orders after the as-of time: the kept lists and the lookup at the as-of time must both ignore them.
      const placedAt = new Date(NOW.getTime() - Math.floor(rnd() * 400 * DAY) + (rnd() < 0.05 ? 30 * DAY : 0));
      orders.push({ customer: id, placedAt, status: rnd() < 0.08 ? "cancelled" : "completed", skus: [...basket] });
    }
  }
  // No orders; only cancelled orders; only an uncategorised product: none has category history.
  customers.push("newcomer", "cancelled-only", "uncategorised-only", "everything");
  orders.push({ customer: "cancelled-only", placedAt: new Date(NOW.getTime() - 5 * DAY), status: "cancelled", skus: ["p0a", "p4a"] });
  orders.push({ customer: "uncategorised-only", placedAt: new Date(NOW.getTime() - 5 * DAY), status: "completed", skus: ["loose"] });
  // Bought from every category: nothing is left to offer.
  orders.push({ customer: "everything", placedAt: new Date(NOW.getTime() - 9 * DAY), status: "completed", skus: CATEGORIES.map((_, i) => `p${i}a`) });
  return { customers, orders };
}

let ws: number;
let ids: Awaited<ReturnType<typeof loadBaskets>>;
let data: ReturnType<typeof generate>;
/** The oracle: each customer's categories from the lookup at the as-of time, by customer id. */
let lookedUp: Map<string, string[]>;
/** And the lookup's scores, by customer id. */
const lookedUpScores = new Map<string, number[]>();

async function lookupAll(workspaceId: number, customerIds: Iterable<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const id of customerIds) {
    const view = await readCustomerRecommendations(workspaceId, BigInt(id), { limit: CATEGORY_OFFERS_KEPT, now: NOW });
    out.set(id, view.categories.map((c) => c.category));
    lookedUpScores.set(id, view.categories.map((c) => c.score));
  }
  return out;
}

async function keptRows(workspaceId: number): Promise<Map<string, string[]>> {
  const res = await pool.query<{ customer_id: string; categories: string[] }>(
    "SELECT customer_id::text, categories FROM customer_category_offer WHERE workspace_id = $1",
    [workspaceId],
  );
  return new Map(res.rows.map((r) => [r.customer_id, r.categories]));
}

async function popularCategories(workspaceId: number): Promise<string[]> {
  const res = await pool.query<{ category: string }>("SELECT category FROM category_stat WHERE workspace_id = $1 ORDER BY popularity DESC, category LIMIT $2", [
    workspaceId,
    CATEGORY_OFFERS_KEPT,
  ]);
  return res.rows.map((r) => r.category);
}

function rule(op: "is" | "isNot", category: string, withinTop?: number): SegmentDefinition {
  return { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "r1", type: "recommendedCategory", op, category, ...(withinTop !== undefined ? { withinTop } : {}) }] } };
}

async function members(workspaceId: number, definition: SegmentDefinition): Promise<string[]> {
  const { compiled } = await validateSegmentDefinition(workspaceId, definition, { now: NOW });
  const res = await pool.query<{ customer_id: string }>(`SELECT customer_id::text FROM (${compiled.text}) m`, compiled.values);
  return res.rows.map((r) => r.customer_id).sort();
}

beforeAll(async () => {
  ws = await createWorkspace({ settings: { recommendations: SETTINGS } });
  data = generate(4242);
  ids = await loadBaskets(ws, PRODUCTS, data.customers, data.orders);
  await buildRecommendations(ws, { asOf: NOW });
  lookedUp = await lookupAll(ws, ids.customerIds.values());
});

afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

describe("kept recommended categories", () => {
  it("equal the lookup at the build's as-of time for every customer", async () => {
    const kept = await keptRows(ws);
    const scores = await pool.query<{ customer_id: string; scores: number[] }>("SELECT customer_id::text, scores FROM customer_category_offer WHERE workspace_id = $1", [ws]);
    const keptScores = new Map(scores.rows.map((r) => [r.customer_id, r.scores]));
    const popular = await popularCategories(ws);
    let associated = 0;
    let mixed = 0;
    for (const [external, id] of ids.customerIds) {
      const expected = lookedUp.get(id)!;
      if (kept.has(id)) {
        expect(kept.get(id), external).toEqual(expected);
        const want = lookedUpScores.get(id)!;
        keptScores.get(id)!.forEach((score, k) => expect(score, `${external} #${k + 1}`).toBeCloseTo(want[k]!, 9));
        // Both tiers in one list: scored categories, then the popular back-fill (score 0).
        if (want.some((x) => x > 0) && want.some((x) => x === 0)) mixed += 1;
        associated += 1;
      } else {
        // No row: no category history by the as-of time, and the lookup offers the popular categories.
        expect(expected, external).toEqual(popular);
      }
    }
    expect(associated).toBeGreaterThan(120);
    expect(mixed).toBeGreaterThan(10);
    expect(popular).toHaveLength(CATEGORY_OFFERS_KEPT);
  });

  it("keep no row for customers without category history and an empty one for a customer who bought everything", async () => {
    const kept = await keptRows(ws);
    for (const external of ["newcomer", "cancelled-only", "uncategorised-only"]) expect(kept.has(ids.customerIds.get(external)!), external).toBe(false);
    expect(kept.get(ids.customerIds.get("everything")!)).toEqual([]);
    expect(lookedUp.get(ids.customerIds.get("everything")!)).toEqual([]);
  });
});

describe("segment rule: recommended category", () => {
  it("selects exactly the customers whose looked-up categories hold it within the top N, for every category, N and operator", async () => {
    // A customer added after the build: no history, so the popular categories, as the lookup would say.
    const late = await pool.query<{ id: string }>("INSERT INTO customer (workspace_id, external_id, updated_at) VALUES ($1, 'late', now()) RETURNING id::text", [ws]);
    const oracle = new Map(lookedUp);
    oracle.set(late.rows[0]!.id, await popularCategories(ws));
    const all = [...oracle.keys()];
    let nonEmpty = 0;
    for (const category of CATEGORIES) {
      for (const withinTop of [undefined, 1, 2, 3]) {
        const n = withinTop ?? 1;
        const expected = all.filter((id) => oracle.get(id)!.slice(0, n).includes(category)).sort();
        expect(await members(ws, rule("is", category, withinTop)), `${category} top ${n}`).toEqual(expected);
        expect(await members(ws, rule("isNot", category, withinTop)), `not ${category} top ${n}`).toEqual(all.filter((id) => !expected.includes(id)).sort());
        if (expected.length > 0 && expected.length < all.length) nonEmpty += 1;
      }
    }
    expect(nonEmpty).toBeGreaterThan(16);
    const counted = await countSegment(ws, rule("is", "Kettles", 3), { now: NOW, sampleSize: 0 });
    expect(counted.size).toBe(all.filter((id) => oracle.get(id)!.slice(0, 3).includes("Kettles")).length);
  });

  it("combines with other rules and negation like any rule", async () => {
    const definition: SegmentDefinition = {
      version: 1,
      root: {
        id: "root",
        type: "group",
        combinator: "or",
        children: [
          { id: "a", type: "recommendedCategory", op: "is", category: "Mugs", withinTop: 2, negate: true },
          { id: "b", type: "recommendedCategory", op: "is", category: "Gifts" },
        ],
      },
    };
    const expected = [...lookedUp.keys()].filter((id) => !lookedUp.get(id)!.slice(0, 2).includes("Mugs") || lookedUp.get(id)![0] === "Gifts").sort();
    const got = await members(ws, definition);
    expect(got.filter((id) => lookedUp.has(id))).toEqual(expected);
  });

  it("explains a customer with their actual recommended categories", async () => {
    const id = ids.customerIds.get("c3")!;
    const first = lookedUp.get(id)![0]!;
    const explained = await explainSegment(ws, rule("is", first), id, { now: NOW });
    expect(explained.matches).toBe(true);
    expect(explained.root.children?.[0]?.actual).toBe(lookedUp.get(id)!.join(", "));
    const newcomer = await explainSegment(ws, rule("isNot", first), ids.customerIds.get("newcomer")!, { now: NOW });
    expect(newcomer.root.children?.[0]?.actual).toBe((await popularCategories(ws)).join(", "));
    const everything = await explainSegment(ws, rule("is", first, 3), ids.customerIds.get("everything")!, { now: NOW });
    expect(everything.root.children?.[0]).toMatchObject({ result: false, actual: "" });
  });

  it("refuses an unknown category naming the rule and the value, and a top N outside 1..K", async () => {
    const refusal = async (definition: unknown) => {
      try {
        await validateSegmentDefinition(ws, definition);
      } catch (err) {
        expect(err).toBeInstanceOf(SegmentDefinitionError);
        return (err as SegmentDefinitionError).issues;
      }
      throw new Error("accepted");
    };
    const unknown = await refusal(rule("is", "Tea"));
    expect(unknown).toEqual([{ nodeId: "r1", path: "root.children.0.category", message: "“Tea” is not a category of this workspace's products" }]);
    // A category of another workspace is as unknown as a made-up one.
    const other = await createWorkspace();
    await loadBaskets(other, [{ sku: "x", name: "X", category: "Only elsewhere" }], [], []);
    expect((await refusal(rule("is", "Only elsewhere")))[0]?.message).toContain("“Only elsewhere”");
    expect((await refusal(rule("is", "Coffee", 0)))[0]?.message).toBe(`The top N is from 1 to ${CATEGORY_OFFERS_KEPT}`);
    expect((await refusal(rule("is", "Coffee", CATEGORY_OFFERS_KEPT + 1)))[0]?.message).toBe(`The top N is from 1 to ${CATEGORY_OFFERS_KEPT}`);
    expect((await refusal(rule("is", "")))[0]?.message).toBe("Choose a category");
    expect((await refusal({ ...rule("is", "Coffee"), root: { ...rule("is", "Coffee").root, children: [{ id: "r1", type: "recommendedCategory", op: "contains", category: "Coffee" }] } })).length).toBeGreaterThan(0);
    await expect(validateSegmentDefinition(ws, rule("isNot", "Coffee", 2))).resolves.toBeDefined();
  });
});

describe("a rebuild of the kept categories", () => {
  it("replaces them whole: readers see the old rows until it commits, a failure keeps them, and a customer who left history loses the row", async () => {
    const before = await keptRows(ws);
    const leaver = ids.customerIds.get("c5")!;
    expect(before.has(leaver)).toBe(true);
    // New history: c5's orders are cancelled (no category history left), newcomer buys green tea.
    await pool.query("UPDATE customer_order SET status = 'cancelled' WHERE workspace_id = $1 AND customer_id = $2", [ws, leaver]);
    await loadBasketsForExisting(ws, ids, "newcomer", ["p0a"]);

    // Fault injected: the build's last write fails, after the kept rows were replaced inside its transaction.
    await pool.query(`CREATE OR REPLACE FUNCTION test_fail_reco_build() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.workspace_id = ${ws} THEN RAISE EXCEPTION 'injected build failure'; END IF; RETURN NEW; END $$`);
    await pool.query("CREATE TRIGGER test_fail_reco_build BEFORE INSERT OR UPDATE ON recommendation_build FOR EACH ROW EXECUTE FUNCTION test_fail_reco_build()");
    try {
      await expect(buildRecommendations(ws, { asOf: NOW })).rejects.toThrow("injected build failure");
    } finally {
      await pool.query("DROP TRIGGER test_fail_reco_build ON recommendation_build");
    }
    expect(await keptRows(ws)).toEqual(before);

    // Held at its last write by a lock: a reader meanwhile sees the previous rows, all of them.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("SELECT 1 FROM recommendation_build WHERE workspace_id = $1 FOR UPDATE", [ws]);
      const build = buildRecommendations(ws, { asOf: NOW });
      await waitForLockWait();
      expect(await keptRows(ws)).toEqual(before);
      await blocker.query("COMMIT");
      await build;
    } finally {
      await blocker.end();
    }
    const after = await keptRows(ws);
    expect(after.has(leaver)).toBe(false);
    expect(after.has(ids.customerIds.get("newcomer")!)).toBe(true);
    const fresh = await lookupAll(ws, ids.customerIds.values());
    for (const [id, categories] of after) expect(categories, id).toEqual(fresh.get(id));
    expect(fresh.get(leaver)).toEqual(await popularCategories(ws));
  });
});

/** One more completed order for an existing customer, a day before the as-of time. */
async function loadBasketsForExisting(workspaceId: number, known: typeof ids, customer: string, skus: string[]): Promise<void> {
  const order = await pool.query<{ id: string }>(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status, updated_at)
     VALUES ($1, $2, $3, $4, 10, 'USD', 'completed', now()) RETURNING id::text`,
    [workspaceId, known.customerIds.get(customer)!, `extra-${customer}`, new Date(NOW.getTime() - DAY)],
  );
  await pool.query(
    `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price)
     SELECT $1, $2, p, n, 1, 10 FROM unnest($3::int4[]) WITH ORDINALITY AS u(p, n)`,
    [workspaceId, order.rows[0]!.id, skus.map((s) => known.productIds.get(s)!)],
  );
}

/** Until some backend of this database waits for a lock (the build blocked on the held row). */
async function waitForLockWait(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await pool.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%recommendation_build%'");
    if (res.rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the build never waited for the lock");
}
