import { afterAll, describe, expect, it } from "vitest";
import { adjustedRandIndex } from "../../lib/analytics/clusters/adjusted-rand.ts";
import { executeClustersRun } from "../../lib/analytics/clusters/execute-clusters-run.ts";
import { pool } from "../../lib/db/pool.ts";
import { createWorkspace, runRow } from "./analytics-fixtures.ts";
import { generateRetailer, writeRetailer, type GenCustomer, type GenProduct } from "./value-clusters-fixtures.ts";

/**
 * The clusters run against an independent computation of every feature in
 * TypeScript over the generated rows (Intl for local days, a sort for the
 * medians), and against the four customer types planted in the data.
 */

const TZ = "America/New_York";
const AS_OF = "2026-10-01T00:00:00.000Z";
const EXCLUDED = new Set(["cancelled"]);
const NOVELTY_DAYS = 30;

afterAll(async () => {
  await pool.end();
});

async function queueClustersRun(workspaceId: number, params: Record<string, unknown> = {}): Promise<number> {
  const res = await pool.query<{ id: number }>(
    `INSERT INTO analytics_run (workspace_id, kind, status, trigger, params) VALUES ($1, 'clusters', 'QUEUED', 'manual', $2::jsonb) RETURNING id`,
    [workspaceId, JSON.stringify({ asOf: AS_OF, ...params })],
  );
  return res.rows[0]!.id;
}

const localDay = (d: Date): string => new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
const dayNumber = (ymd: string): number => Date.parse(`${ymd}T00:00:00Z`) / 86_400_000;

interface Expected {
  orderCount: number;
  aov: number;
  discountShare: number | null;
  priceLevel: number | null;
  novelty: number | null;
  regularity: number | null;
  categoryShare: Map<string, number>;
  channelShare: Map<string, number>;
}

/** Every feature from its definition in docs/value-drivers.md, over the generated rows. */
function expectedFeatures(products: GenProduct[], customers: GenCustomer[]): Map<string, Expected> {
  const product = new Map(products.map((p) => [p.externalId, p]));
  const counted = (c: GenCustomer) => c.orders.filter((o) => !EXCLUDED.has(o.status) && o.placedAt.getTime() <= Date.parse(AS_OF));
  const prices = new Map<string, number[]>();
  for (const c of customers)
    for (const o of counted(c))
      for (const l of o.lines) {
        const cat = l.product ? product.get(l.product)!.category : null;
        if (cat) prices.set(cat, [...(prices.get(cat) ?? []), l.unitPrice]);
      }
  const median = new Map(
    [...prices].map(([cat, xs]) => {
      const s = [...xs].sort((a, b) => a - b);
      const mid = (s.length - 1) / 2;
      return [cat, (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2];
    }),
  );
  const out = new Map<string, Expected>();
  for (const c of customers) {
    const orders = counted(c);
    if (orders.length === 0) continue;
    let gross = 0, discount = 0, spend = 0, pricedSpend = 0, pricedRatio = 0, newSpend = 0;
    const catSpend = new Map<string, number>();
    for (const o of orders)
      for (const l of o.lines) {
        const p = l.product ? product.get(l.product)! : null;
        const s = Math.max(l.quantity * l.unitPrice - l.discount, 0);
        gross += l.quantity * l.unitPrice;
        discount += l.discount;
        spend += s;
        const m = p?.category ? median.get(p.category) : undefined;
        if (m && m > 0) {
          pricedSpend += s;
          pricedRatio += (s * l.unitPrice) / m;
        }
        if (p?.launchDate) {
          const gap = dayNumber(localDay(o.placedAt)) - dayNumber(p.launchDate);
          if (gap >= 0 && gap < NOVELTY_DAYS) newSpend += s;
        }
        const top = p?.category ? p.category.split(" > ")[0]!.trim() : "";
        catSpend.set(top, (catSpend.get(top) ?? 0) + s);
      }
    const days = [...new Set(orders.map((o) => dayNumber(localDay(o.placedAt))))].sort((a, b) => a - b);
    const gaps = days.slice(1).map((d, i) => d - days[i]!);
    let regularity: number | null = null;
    if (gaps.length >= 2) {
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
      regularity = mean > 0 ? sd / mean : 0;
    }
    const channelShare = new Map<string, number>();
    for (const o of orders) {
      const ch = o.channel ?? "(none)";
      channelShare.set(ch, (channelShare.get(ch) ?? 0) + 1 / orders.length);
    }
    out.set(c.externalId, {
      orderCount: orders.length,
      aov: orders.reduce((s, o) => s + o.total, 0) / orders.length,
      discountShare: gross > 0 ? discount / gross : null,
      priceLevel: pricedSpend > 0 ? pricedRatio / pricedSpend : null,
      novelty: spend > 0 ? newSpend / spend : null,
      regularity,
      categoryShare: new Map([...catSpend].map(([k, v]) => [k, spend > 0 ? v / spend : 0])),
      channelShare,
    });
  }
  return out;
}

interface FeatureRow {
  external_id: string;
  order_count: number;
  average_order_value: number;
  discount_share: number | null;
  price_level: number | null;
  novelty: number | null;
  regularity: number | null;
  category_share: number[];
  channel_share: number[];
  cluster: number | null;
}

async function featureRows(workspaceId: number): Promise<Map<string, FeatureRow>> {
  const res = await pool.query<FeatureRow>(
    `SELECT c.external_id, f.order_count, f.average_order_value, f.discount_share, f.price_level, f.novelty, f.regularity,
            f.category_share, f.channel_share, f.cluster
       FROM customer_feature f JOIN customer c ON c.id = f.customer_id WHERE f.workspace_id = $1`,
    [workspaceId],
  );
  return new Map(res.rows.map((r) => [r.external_id, r]));
}

describe("value clusters run", () => {
  const data = generateRetailer(60, 20261208);

  it("computes every feature as its definition says, for every customer", async () => {
    const ws = await createWorkspace({ timezone: TZ });
    await writeRetailer(ws, data);
    const runId = await queueClustersRun(ws);
    const outcome = await executeClustersRun(ws, runId);
    expect(outcome.status).toBe("succeeded");
    const result = (await runRow(runId))!.result as { categories: string[]; channels: string[]; pricesRecounted: boolean };
    // Cancelled orders' lines were taken out of the price counts read from the lines alone, which then held exactly the counted lines.
    expect(result.pricesRecounted).toBe(false);
    const expected = expectedFeatures(data.products, data.customers);
    const rows = await featureRows(ws);
    expect(rows.size).toBe(expected.size);
    // Top-level categories by spend, then channels by orders, each followed by "Other".
    const allCategories = new Map<string, number>();
    for (const e of expected.values()) for (const [k] of e.categoryShare) allCategories.set(k, 0);
    expect(new Set(result.categories)).toEqual(new Set([...allCategories.keys()].filter((k) => k !== "")));
    for (const [ext, e] of expected) {
      const r = rows.get(ext)!;
      expect(r.order_count, ext).toBe(e.orderCount);
      expect(r.average_order_value).toBeCloseTo(e.aov, 9);
      for (const [got, want] of [
        [r.discount_share, e.discountShare],
        [r.price_level, e.priceLevel],
        [r.novelty, e.novelty],
        [r.regularity, e.regularity],
      ] as const) {
        if (want === null) expect(got, ext).toBeNull();
        else expect(got, ext).toBeCloseTo(want, 9);
      }
      result.categories.forEach((cat, i) => expect(r.category_share[i], `${ext} ${cat}`).toBeCloseTo(e.categoryShare.get(cat) ?? 0, 9));
      expect(r.category_share[result.categories.length]).toBeCloseTo(e.categoryShare.get("") ?? 0, 9);
      result.channels.forEach((ch, i) => expect(r.channel_share[i], `${ext} ${ch}`).toBeCloseTo(e.channelShare.get(ch) ?? 0, 9));
    }
    // Spot-check the planted behaviour is what the features see.
    const mean = (type: string, f: (e: Expected) => number | null) => {
      const xs = [...expected].filter(([k]) => k.startsWith(type)).map(([, e]) => f(e) ?? 0);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean("discount", (e) => e.discountShare)).toBeGreaterThan(0.35);
    expect(mean("novelty", (e) => e.novelty)).toBeGreaterThan(0.8);
    expect(mean("premium", (e) => e.priceLevel)).toBeGreaterThan(1.2);
  });

  it("recovers the four planted types, choosing k = 4 by silhouette, names them by what sets them apart, and values them from the kept metrics", async () => {
    const ws = await createWorkspace({ timezone: TZ });
    const ids = await writeRetailer(ws, data);
    // Kept metrics as the RFM and CLV runs would leave them (any values do: the cluster value is their sum).
    await pool.query(
      `INSERT INTO customer_metrics (customer_id, workspace_id, revenue, predicted_clv_12m, p_alive)
       SELECT id, workspace_id, round((random() * 500)::numeric, 2), random() * 300, random() FROM customer WHERE workspace_id = $1 AND id % 7 <> 0`,
      [ws],
    );
    const runId = await queueClustersRun(ws);
    const outcome = await executeClustersRun(ws, runId);
    if (outcome.status !== "succeeded") throw new Error("run skipped");
    expect(outcome.result.kChosenBy).toBe("silhouette");
    expect(outcome.result.k).toBe(4);
    const rows = await featureRows(ws);
    const truth: number[] = [];
    const found: number[] = [];
    for (const c of data.customers) {
      const r = rows.get(c.externalId);
      if (!r || r.cluster === null) continue;
      truth.push(["discount", "premium", "novelty", "bulk"].indexOf(c.type));
      found.push(r.cluster);
    }
    const ari = adjustedRandIndex(truth, found);
    console.log(`planted types recovered: adjusted Rand index ${ari.toFixed(4)} over ${truth.length} customers`);
    expect(ari).toBeGreaterThanOrEqual(0.9);

    const clusters = await pool.query<{ cluster: number; auto_name: string; customers: number; revenue: string; predicted_clv_12m: number | null; mean_p_alive: number | null }>(
      `SELECT cluster, auto_name, customers, revenue::text, predicted_clv_12m, mean_p_alive FROM value_cluster WHERE run_id = $1 ORDER BY cluster`,
      [runId],
    );
    expect(clusters.rows).toHaveLength(4);
    // The cluster most of each type fell into is named for that type's planted trait.
    const majority = (type: string) => {
      const counts = new Map<number, number>();
      for (const c of data.customers.filter((x) => x.type === type)) {
        const k = rows.get(c.externalId)?.cluster;
        if (k !== null && k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    };
    const nameOf = (type: string) => clusters.rows.find((r) => r.cluster === majority(type))!.auto_name.toLowerCase();
    console.log("cluster names:", clusters.rows.map((r) => r.auto_name));
    expect(nameOf("discount")).toMatch(/^discount seekers/);
    expect(nameOf("novelty")).toMatch(/^new-collection fans/);
    expect(nameOf("premium")).toMatch(/^(premium|regular buyers)/);
    expect(nameOf("bulk")).toMatch(/^(high spenders|marketplace shoppers)/);

    // Each cluster's value is the plain SQL sum over its members of the kept metrics.
    const oracle = await pool.query<{ cluster: number; customers: number; revenue: string; clv: number | null; palive: number | null }>(
      `SELECT f.cluster, count(*)::int AS customers, COALESCE(sum(m.revenue), 0)::text AS revenue, sum(m.predicted_clv_12m) AS clv, avg(m.p_alive) AS palive
         FROM customer_feature f LEFT JOIN customer_metrics m ON m.customer_id = f.customer_id
        WHERE f.workspace_id = $1 AND f.cluster IS NOT NULL GROUP BY f.cluster ORDER BY f.cluster`,
      [ws],
    );
    expect(oracle.rows.map((r) => [r.cluster, r.customers, r.revenue])).toEqual(clusters.rows.map((r) => [r.cluster, r.customers, r.revenue]));
    for (const [i, r] of oracle.rows.entries()) {
      expect(clusters.rows[i]!.predicted_clv_12m).toBeCloseTo(r.clv!, 6);
      expect(clusters.rows[i]!.mean_p_alive).toBeCloseTo(r.palive!, 9);
    }
    // Largest cluster first.
    const sizes = clusters.rows.map((r) => r.customers);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(ids.size).toBe(data.customers.length);
  });

  it("gives the same clusters for the same seed, and k as asked when set", async () => {
    const ws = await createWorkspace({ timezone: TZ, settings: { analytics: { clusters: { seed: 7 } } } });
    await writeRetailer(ws, generateRetailer(25, 99));
    const runs: Map<string, number | null>[] = [];
    for (let i = 0; i < 2; i++) {
      await executeClustersRun(ws, await queueClustersRun(ws));
      runs.push(new Map([...(await featureRows(ws))].map(([k, v]) => [k, v.cluster])));
    }
    expect([...runs[1]!]).toEqual([...runs[0]!]);
    const fixed = await queueClustersRun(ws, { k: 6 });
    const outcome = await executeClustersRun(ws, fixed);
    if (outcome.status !== "succeeded") throw new Error("run skipped");
    expect(outcome.result.k).toBe(6);
    expect(outcome.result.kChosenBy).toBe("setting");
    const n = await pool.query<{ n: number }>(`SELECT count(DISTINCT cluster)::int AS n FROM customer_feature WHERE workspace_id = $1`, [ws]);
    expect(n.rows[0]!.n).toBe(6);
    // Only the latest run's clusters are kept.
    const kept = await pool.query<{ run_id: number }>(`SELECT DISTINCT run_id FROM value_cluster WHERE workspace_id = $1`, [ws]);
    expect(kept.rows.map((r) => r.run_id)).toEqual([fixed]);
  });

  it("touches only its own workspace, and a crash before commit leaves the previous clusters in place", async () => {
    const a = await createWorkspace({ timezone: TZ });
    const b = await createWorkspace({ timezone: TZ });
    await writeRetailer(a, generateRetailer(10, 1));
    await writeRetailer(b, generateRetailer(10, 2));
    await executeClustersRun(b, await queueClustersRun(b));
    const before = await featureRows(b);
    const clustersBefore = await pool.query(`SELECT * FROM value_cluster WHERE workspace_id = $1 ORDER BY cluster`, [b]);
    await executeClustersRun(a, await queueClustersRun(a));
    const rowsA = await featureRows(a);
    const ordered = await pool.query<{ n: number }>(
      `SELECT count(DISTINCT customer_id)::int AS n FROM customer_order WHERE workspace_id = $1 AND status <> 'cancelled' AND placed_at <= $2`,
      [a, AS_OF],
    );
    expect(rowsA.size).toBe(ordered.rows[0]!.n);
    const foreign = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM customer_feature f JOIN customer c ON c.id = f.customer_id WHERE f.workspace_id = $1 AND c.workspace_id <> $1`,
      [a],
    );
    expect(foreign.rows[0]!.n).toBe(0);
    expect(await featureRows(b)).toEqual(before);

    const crashing = await queueClustersRun(b, { k: 3 });
    await expect(
      executeClustersRun(b, crashing, {
        afterStep: async (step) => {
          if (step === "publish") throw new Error("injected crash");
        },
      }),
    ).rejects.toThrow("injected crash");
    expect((await runRow(crashing))!.status).toBe("FAILED");
    expect(await featureRows(b)).toEqual(before);
    expect((await pool.query(`SELECT * FROM value_cluster WHERE workspace_id = $1 ORDER BY cluster`, [b])).rows).toEqual(clustersBefore.rows);
  });

  it("publishes features without clusters, and says why, when too few customers have order lines", async () => {
    const ws = await createWorkspace({ timezone: TZ });
    await writeRetailer(ws, generateRetailer(3, 5));
    const runId = await queueClustersRun(ws);
    const outcome = await executeClustersRun(ws, runId);
    if (outcome.status !== "succeeded") throw new Error("run skipped");
    expect(outcome.result.k).toBeNull();
    expect(outcome.result.note).toMatch(/import order lines/i);
    const rows = await featureRows(ws);
    expect(rows.size).toBe(12);
    expect([...rows.values()].every((r) => r.cluster === null)).toBe(true);
  });
});
