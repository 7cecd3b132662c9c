import { afterAll, describe, expect, it } from "vitest";
import { getWorkspaceOverview } from "../../lib/analytics/dashboard/overview.ts";
import { parsePeriod } from "../../lib/analytics/dashboard/period.ts";
import { getRfmOverview } from "../../lib/analytics/dashboard/rfm-overview.ts";
import { getValueOverview } from "../../lib/analytics/dashboard/value-overview.ts";
import { EXCLUDED_ORDER_STATUSES } from "../../lib/analytics/runs/counted-orders.ts";
import { executeRun } from "../../lib/analytics/runs/execute-run.ts";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";
import { pool } from "../../lib/db/pool.ts";
import { addCustomers, addOrders, createWorkspace, queueRun, type OrderSpec } from "./analytics-fixtures.ts";

afterAll(async () => {
  await pool.end();
});

// The pages' numbers come from what the runs stored when they published; the
// oracle regroups, in TypeScript, each customer's published scores and the
// raw orders, so a wrong sum, a wrong decile cut or a stale run shows.

const DAY_MS = 86_400_000;
const AS_OF_DAY = Math.floor(Date.parse("2026-01-31T00:00:00Z") / DAY_MS);
const AS_OF = new Date(AS_OF_DAY * DAY_MS + 20 * 3600 * 1000).toISOString();
const ZONE = "Asia/Tokyo";

async function simulatedWorkspace(customers: number, seed: number) {
  const records = simulateBgNbdTransactions(
    { r: 0.8, alpha: 20, a: 0.6, b: 2.5 },
    { customers, firstDay: AS_OF_DAY - 500, acquisitionDays: 400, lastDay: AS_OF_DAY, timeUnit: "day", seed, spend: { p: 6, q: 4, gamma: 15 } },
  );
  const workspaceId = await createWorkspace({ timezone: ZONE });
  const names = [...new Set(records.map((r) => r.customerId))];
  const ids = await addCustomers(workspaceId, [...names, "never-ordered"]);
  const orders: OrderSpec[] = records.map((r, i) => ({
    customer: r.customerId,
    placedAt: new Date(r.day * DAY_MS + ((i * 7) % 19) * 3600 * 1000).toISOString(),
    total: Math.round((r.amount ?? 10) * 100) / 100,
    // Every 13th order refunded: it must count nowhere.
    status: i % 13 === 5 ? "refunded" : "completed",
  }));
  await addOrders(workspaceId, ids, orders);
  return workspaceId;
}

async function run(workspaceId: number, kind: "rfm" | "clv") {
  const runId = await queueRun(workspaceId, kind, AS_OF);
  const outcome = await executeRun(kind, workspaceId, runId);
  expect(outcome.status).toBe("succeeded");
  return runId;
}

/** Per customer: published scores (snapshot and metrics) beside counted orders read raw. */
async function perCustomer(workspaceId: number, rfmRunId: number) {
  const orders = await pool.query<{ customer_id: string; placed_at: Date; total: string; status: string }>(
    `SELECT customer_id::text, placed_at, total::text, status FROM customer_order WHERE workspace_id = $1`,
    [workspaceId],
  );
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
  const asOfDay = Date.parse(day.format(new Date(AS_OF)));
  const raw = new Map<string, { orders: number; cents: number; lastDay: number }>();
  for (const o of orders.rows) {
    if (EXCLUDED_ORDER_STATUSES.includes(o.status) || o.placed_at > new Date(AS_OF)) continue;
    const r = raw.get(o.customer_id) ?? { orders: 0, cents: 0, lastDay: -Infinity };
    r.orders++;
    r.cents += Math.round(Number(o.total) * 100);
    r.lastDay = Math.max(r.lastDay, Date.parse(day.format(o.placed_at)));
    raw.set(o.customer_id, r);
  }
  const scores = await pool.query<{ customer_id: string; r_score: number; f_score: number; segment: string }>(
    `SELECT customer_id::text, r_score, f_score, segment FROM rfm_snapshot WHERE run_id = $1`,
    [rfmRunId],
  );
  const metrics = await pool.query<{ customer_id: string; p_alive: number | null; clv: number | null; e365: number | null; band: string | null; revenue: string }>(
    `SELECT customer_id::text, p_alive, predicted_clv_12m AS clv, expected_purchases_365d AS e365, churn_risk_band AS band, revenue::text
       FROM customer_metrics WHERE workspace_id = $1`,
    [workspaceId],
  );
  return {
    rfm: scores.rows.map((s) => {
      const r = raw.get(s.customer_id)!;
      return { ...s, orders: r.orders, cents: r.cents, recencyDays: Math.round((asOfDay - r.lastDay) / DAY_MS) };
    }),
    clv: metrics.rows.filter((m) => m.band !== null),
    rawCustomers: raw.size,
  };
}

describe("RFM and LTV overviews read what the runs stored", () => {
  it("agree with a regrouping of the published scores and the raw orders", async () => {
    const ws = await simulatedWorkspace(400, 7);
    const firstRfm = await run(ws, "rfm");
    const rfmRun = await run(ws, "rfm");
    await run(ws, "clv");
    const c = await perCustomer(ws, rfmRun);

    // RFM: segments, means, the R × F grid (customers and revenue).
    const rfm = await getRfmOverview(ws);
    expect(rfm.runId).toBe(rfmRun);
    expect(rfm.runId).not.toBe(firstRfm);
    expect(rfm.scoredCustomers).toBe(c.rawCustomers);
    const bySegment = new Map<string, typeof c.rfm>();
    for (const row of c.rfm) bySegment.set(row.segment, [...(bySegment.get(row.segment) ?? []), row]);
    expect(rfm.segments.map((s) => s.segment).sort()).toEqual([...bySegment.keys()].sort());
    for (const s of rfm.segments) {
      const rows = bySegment.get(s.segment)!;
      const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((t, r) => t + f(r), 0) / rows.length;
      expect(s.customers, s.segment).toBe(rows.length);
      expect(Math.round(s.revenue * 100), s.segment).toBe(rows.reduce((t, r) => t + r.cents, 0));
      expect(s.meanRecencyDays, s.segment).toBeCloseTo(mean((r) => r.recencyDays), 9);
      expect(s.meanOrders, s.segment).toBeCloseTo(mean((r) => r.orders), 9);
      expect(s.share, s.segment).toBeCloseTo(rows.length / c.rawCustomers, 12);
    }
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        const cell = c.rfm.filter((x) => x.r_score === r && x.f_score === f);
        expect(rfm.grid[r - 1]![f - 1], `R${r} F${f}`).toBe(cell.length);
        expect(Math.round(rfm.revenueGrid[r - 1]![f - 1]! * 100), `R${r} F${f} revenue`).toBe(cell.reduce((t, x) => t + x.cents, 0));
      }
    }

    // LTV: bands, totals, deciles (ntile: the first n mod 10 deciles hold one more), P(alive) bins.
    const v = await getValueOverview(ws);
    expect(v.scoredCustomers).toBe(c.clv.length);
    expect(v.scoredCustomers).toBeGreaterThan(100);
    expect(v.totalPredictedClv12m).toBeCloseTo(c.clv.reduce((t, m) => t + m.clv!, 0), 6);
    expect(v.meanPAlive!).toBeCloseTo(c.clv.reduce((t, m) => t + m.p_alive!, 0) / c.clv.length, 12);
    expect(v.expectedPurchases365d).toBeCloseTo(c.clv.reduce((t, m) => t + m.e365!, 0), 6);
    for (const b of v.bands) {
      const rows = c.clv.filter((m) => m.band === b.band);
      expect(b.customers, b.band).toBe(rows.length);
      expect(b.predictedClv12m, b.band).toBeCloseTo(rows.reduce((t, m) => t + m.clv!, 0), 6);
      expect(b.meanPAlive, b.band).toBeCloseTo(rows.reduce((t, m) => t + m.p_alive!, 0) / rows.length, 12);
      expect(Math.round(b.revenueToDate * 100), b.band).toBe(rows.reduce((t, m) => t + Math.round(Number(m.revenue) * 100), 0));
    }
    expect(v.bands.reduce((t, b) => t + b.customers, 0)).toBe(c.clv.length);
    const sorted = c.clv.map((m) => m.clv!).sort((a, b) => a - b);
    const n = sorted.length;
    let at = 0;
    const deciles = Array.from({ length: 10 }, (_, k) => {
      const size = Math.floor(n / 10) + (k < n % 10 ? 1 : 0);
      const part = sorted.slice(at, (at += size));
      return { decile: k + 1, customers: size, minClv: part[0]!, maxClv: part.at(-1)!, totalClv: part.reduce((t, x) => t + x, 0) };
    });
    expect(v.deciles.map((d) => [d.decile, d.customers])).toEqual(deciles.map((d) => [d.decile, d.customers]));
    v.deciles.forEach((d, k) => {
      expect(d.minClv).toBeCloseTo(deciles[k]!.minClv, 9);
      expect(d.maxClv).toBeCloseTo(deciles[k]!.maxClv, 9);
      expect(d.totalClv).toBeCloseTo(deciles[k]!.totalClv, 6);
    });
    const bins = Array<number>(20).fill(0);
    for (const m of c.clv) bins[Math.min(19, Math.floor(m.p_alive! * 20))]!++;
    expect(v.pAliveBins.map((b) => b.customers)).toEqual(bins);

    // The overview's value mix is the same stored aggregate.
    const o = await getWorkspaceOverview(ws, parsePeriod({ period: "30" }, ZONE, new Date(AS_OF)));
    expect(o.customers).toBe(401);
    expect(o.rfm?.runId).toBe(rfmRun);
    expect(o.clv?.data.scoredCustomers).toBe(c.clv.length);
  });

  it("is empty for a workspace without runs, and says so", async () => {
    const ws = await createWorkspace();
    await addCustomers(ws, ["a"]);
    expect(await getValueOverview(ws)).toMatchObject({ runId: null, scoredCustomers: 0, totalPredictedClv12m: 0, meanPAlive: null, bands: [], deciles: [], pAliveBins: [] });
    expect(await getRfmOverview(ws)).toMatchObject({ runId: null, scoredCustomers: 0, segments: [] });
  });
});

describe("dashboard reads", () => {
  it("are cancelled in Postgres when the request is abandoned", async () => {
    const { readDashboard } = await import("../../lib/analytics/dashboard/dashboard-read.ts");
    const { runWithRequestSignal } = await import("../../lib/db/request-signal.ts");
    const controller = new AbortController();
    // As the production server runs a request: the read finds the request's signal itself.
    const started = runWithRequestSignal(controller.signal, () => readDashboard(async (client) => client.query("SELECT pg_sleep(30)")));
    // Wait until the statement runs, then abandon it.
    for (;;) {
      const res = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'`);
      if (res.rows[0]!.n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    controller.abort();
    await expect(started).rejects.toMatchObject({ code: "57014" });
    const left = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'`);
    expect(left.rows[0]!.n).toBe(0);
  });

  it("give up at the statement timeout even when nobody abandons them", async () => {
    const { readDashboard, DASHBOARD_STATEMENT_TIMEOUT_MS } = await import("../../lib/analytics/dashboard/dashboard-read.ts");
    const shown = await readDashboard(async (client) => (await client.query<{ statement_timeout: string }>("SHOW statement_timeout")).rows[0]!.statement_timeout);
    expect(shown).toBe(`${DASHBOARD_STATEMENT_TIMEOUT_MS / 1000}s`);
  });
});
