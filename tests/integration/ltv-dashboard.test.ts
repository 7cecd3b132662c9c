import { afterAll, describe, expect, it } from "vitest";
import { getLtvDashboard, type ClvSliceRow } from "../../lib/analytics/dashboard/ltv-dashboard.ts";
import { createLtvSliceSegment, type LtvSlice } from "../../lib/analytics/dashboard/ltv-slice-segment.ts";
import { EXCLUDED_ORDER_STATUSES } from "../../lib/analytics/runs/counted-orders.ts";
import { executeRun } from "../../lib/analytics/runs/execute-run.ts";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";
import { pool } from "../../lib/db/pool.ts";
import { addCustomers, addOrders, createWorkspace, queueRun, type OrderSpec } from "./analytics-fixtures.ts";

afterAll(async () => {
  await pool.end();
});

// The LTV page's slices come from what the CLV run stored when it published.
// The oracle regroups, in TypeScript, each customer's published prediction
// with the channel and the first counted order read raw (its local day in the
// workspace zone computed by Intl, not by Postgres), so a wrong grouping, a
// wrong cohort day, a wrong threshold or a wrong curve shows.

const DAY_MS = 86_400_000;
const AS_OF_DAY = Math.floor(Date.parse("2026-01-31T00:00:00Z") / DAY_MS);
const AS_OF = new Date(AS_OF_DAY * DAY_MS + 20 * 3600 * 1000).toISOString();
const ZONE = "America/Los_Angeles";
const CHANNELS = ["email", "search", "social", "", null] as const;

async function simulatedWorkspace(customers: number, seed: number) {
  const records = simulateBgNbdTransactions(
    { r: 0.8, alpha: 20, a: 0.6, b: 2.5 },
    { customers, firstDay: AS_OF_DAY - 500, acquisitionDays: 400, lastDay: AS_OF_DAY, timeUnit: "day", seed, spend: { p: 6, q: 4, gamma: 15 } },
  );
  const workspaceId = await createWorkspace({ timezone: ZONE });
  const names = [...new Set(records.map((r) => r.customerId))];
  const ids = await addCustomers(workspaceId, [...names, "never-ordered-1", "never-ordered-2", "only-refunded"]);
  // Channels round-robin, including "" and not set, which the page shows as one "Not set" row each way.
  let i = 0;
  for (const id of ids.values()) {
    await pool.query(`UPDATE customer SET acquisition_channel = $2, first_name = $3 WHERE id = $1`, [id, CHANNELS[i % CHANNELS.length], `Name${i}`]);
    i++;
  }
  const orders: OrderSpec[] = records.map((r, k) => ({
    customer: r.customerId,
    // Hours 0–18 UTC: many orders fall on the previous local day in Los Angeles.
    placedAt: new Date(r.day * DAY_MS + ((k * 7) % 19) * 3600 * 1000).toISOString(),
    total: Math.round((r.amount ?? 10) * 100) / 100,
    status: k % 13 === 5 ? "refunded" : "completed",
  }));
  orders.push({ customer: "only-refunded", placedAt: new Date((AS_OF_DAY - 30) * DAY_MS).toISOString(), total: 50, status: "refunded" });
  await addOrders(workspaceId, ids, orders);
  return workspaceId;
}

async function run(workspaceId: number, kind: "rfm" | "clv") {
  const runId = await queueRun(workspaceId, kind, AS_OF);
  const outcome = await executeRun(kind, workspaceId, runId);
  expect(outcome.status).toBe("succeeded");
  return runId;
}

interface Scored {
  id: string;
  clv: number;
  pAlive: number;
  band: string;
  cents: number;
  segment: string;
  channel: string;
  firstDay: string;
  name: string;
}

async function scoredCustomers(workspaceId: number): Promise<Scored[]> {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
  const orders = await pool.query<{ customer_id: string; placed_at: Date; status: string }>(
    `SELECT customer_id::text, placed_at, status FROM customer_order WHERE workspace_id = $1`,
    [workspaceId],
  );
  const first = new Map<string, string>();
  for (const o of orders.rows) {
    if (EXCLUDED_ORDER_STATUSES.includes(o.status) || o.placed_at > new Date(AS_OF)) continue;
    const d = day.format(o.placed_at);
    const seen = first.get(o.customer_id);
    if (seen === undefined || d < seen) first.set(o.customer_id, d);
  }
  const rows = await pool.query<{ id: string; clv: number; p_alive: number; band: string; revenue: string; segment: string | null; channel: string | null; first_name: string }>(
    `SELECT m.customer_id::text AS id, m.predicted_clv_12m AS clv, m.p_alive, m.churn_risk_band AS band, m.revenue::text, m.rfm_segment AS segment,
            c.acquisition_channel AS channel, c.first_name
       FROM customer_metrics m JOIN customer c ON c.id = m.customer_id
      WHERE m.workspace_id = $1 AND m.churn_risk_band IS NOT NULL`,
    [workspaceId],
  );
  return rows.rows.map((r) => ({
    id: r.id,
    clv: r.clv,
    pAlive: r.p_alive,
    band: r.band,
    cents: Math.round(Number(r.revenue) * 100),
    segment: r.segment ?? "",
    channel: r.channel ?? "",
    firstDay: first.get(r.id)!,
    name: r.first_name,
  }));
}

function expectSlices(actual: ClvSliceRow[], scored: Scored[], keyOf: (s: Scored) => string, label: string) {
  const groups = new Map<string, Scored[]>();
  for (const s of scored) groups.set(keyOf(s), [...(groups.get(keyOf(s)) ?? []), s]);
  expect(actual.map((r) => r.key).sort(), label).toEqual([...groups.keys()].sort());
  for (const r of actual) {
    const rows = groups.get(r.key!)!;
    const what = `${label} ${r.key}`;
    expect(r.customers, what).toBe(rows.length);
    expect(r.share, what).toBeCloseTo(rows.length / scored.length, 12);
    expect(r.totalClv12m, what).toBeCloseTo(rows.reduce((t, x) => t + x.clv, 0), 6);
    expect(r.meanClv12m, what).toBeCloseTo(rows.reduce((t, x) => t + x.clv, 0) / rows.length, 9);
    expect(r.meanPAlive, what).toBeCloseTo(rows.reduce((t, x) => t + x.pAlive, 0) / rows.length, 12);
    expect(Math.round(r.revenueToDate * 100), what).toBe(rows.reduce((t, x) => t + x.cents, 0));
  }
}

describe("LTV & Churn slices read what the CLV run stored", () => {
  it("agree with a regrouping of the published predictions, the channels and the raw first orders", async () => {
    const ws = await simulatedWorkspace(400, 11);
    await run(ws, "rfm");
    await run(ws, "clv");
    const scored = await scoredCustomers(ws);
    const d = await getLtvDashboard(ws);

    expect(d.hasSlices).toBe(true);
    expect(scored.length).toBeGreaterThan(100);
    expect(d.overview.scoredCustomers).toBe(scored.length);
    // Who is not scored: customers without a counted order (two never ordered, one only refunded, and
    // simulated customers whose every order was refunded).
    const all = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM customer WHERE workspace_id = $1", [ws]);
    expect(d.customersInWorkspace).toBe(all.rows[0]!.n);
    expect(d.customersWithOrders).toBe(scored.length);
    expect(d.customersInWorkspace - d.customersWithOrders).toBeGreaterThanOrEqual(3);

    expectSlices(d.byChannel, scored, (s) => s.channel, "channel");
    expectSlices(d.bySegment, scored, (s) => s.segment, "segment");
    expectSlices(d.byCohortMonth, scored, (s) => `${s.firstDay.slice(0, 7)}-01`, "month");
    const quarterOf = (day: string) => `${day.slice(0, 4)}-${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
    expectSlices(d.byCohortQuarter, scored, (s) => quarterOf(s.firstDay), "quarter");

    // The curve: after the top k percent (by ntile: the first n mod 100 groups hold one more customer), their share of the total.
    const byValue = [...scored].sort((a, b) => b.clv - a.clv || Number(a.id) - Number(b.id));
    const total = byValue.reduce((t, s) => t + s.clv, 0);
    const n = byValue.length;
    expect(d.valueCurve).toHaveLength(101);
    let taken = 0;
    let value = 0;
    for (let k = 1; k <= 100; k++) {
      const size = Math.floor(n / 100) + (k <= n % 100 ? 1 : 0);
      for (let j = 0; j < size; j++) value += byValue[taken++]!.clv;
      expect(d.valueCurve[k]!.customerShare, `point ${k}`).toBeCloseTo(taken / n, 12);
      expect(d.valueCurve[k]!.valueShare, `point ${k}`).toBeCloseTo(value / total, 9);
    }
    expect(d.valueCurve[100]!.valueShare).toBeCloseTo(1, 12);

    // Valuable = at or above the discrete 80th percentile (the first value whose cumulative share reaches 0.8).
    const ascending = byValue.map((s) => s.clv).sort((a, b) => a - b);
    const threshold = ascending[Math.ceil(0.8 * n) - 1]!;
    const valuable = scored.filter((s) => s.clv >= threshold);
    const atRisk = valuable.filter((s) => s.band === "high");
    expect(d.valuable).not.toBeNull();
    expect(d.valuable!.thresholdClv).toBeCloseTo(threshold, 9);
    expect(d.valuable!.valuableCustomers).toBe(valuable.length);
    expect(d.valuable!.valuableClv12m).toBeCloseTo(valuable.reduce((t, s) => t + s.clv, 0), 6);
    expect(d.valuable!.atRiskCustomers).toBe(atRisk.length);
    expect(d.valuable!.atRiskClv12m).toBeCloseTo(atRisk.reduce((t, s) => t + s.clv, 0), 6);
    expect(Math.round(d.valuable!.atRiskRevenueToDate * 100)).toBe(atRisk.reduce((t, s) => t + s.cents, 0));

    // Top 20 by predicted CLV, with the customer's name.
    expect(d.topCustomers.map((t) => t.customerId)).toEqual(byValue.slice(0, 20).map((s) => s.id));
    expect(d.topCustomers.map((t) => t.name)).toEqual(byValue.slice(0, 20).map((s) => s.name));
    d.topCustomers.forEach((t, k) => expect(t.predictedClv12m).toBeCloseTo(byValue[k]!.clv, 9));

    // "Make a segment" from a slice: its members are the slice's customers (a decile by its CLV range, so
    // customers tied with a neighbour's boundary value would join; the simulated values have no such ties).
    const members = async (slice: LtvSlice) => {
      const made = await createLtvSliceSegment(ws, null, { name: `slice ${JSON.stringify(slice)}`, slice });
      const rows = await pool.query<{ id: string }>("SELECT customer_id::text AS id FROM segment_membership WHERE segment_id = $1", [made.segment.id]);
      return rows.rows.map((r) => r.id).sort();
    };
    const ids = (rows: Scored[]) => rows.map((s) => s.id).sort();
    const ascendingRows = [...byValue].reverse();
    const size3 = Math.floor(n / 10) + (3 <= n % 10 ? 1 : 0);
    const before3 = [1, 2].reduce((t, k) => t + Math.floor(n / 10) + (k <= n % 10 ? 1 : 0), 0);
    expect(await members({ kind: "decile", decile: 3 })).toEqual(ids(ascendingRows.slice(before3, before3 + size3)));
    expect(await members({ kind: "band", band: "high" })).toEqual(ids(scored.filter((s) => s.band === "high")));
    expect(await members({ kind: "channel", channel: "" })).toEqual(ids(scored.filter((s) => s.channel === "")));
    expect(await members({ kind: "channel", channel: "email" })).toEqual(ids(scored.filter((s) => s.channel === "email")));
    const month = d.byCohortMonth[3]!.key!;
    expect(await members({ kind: "cohort", period: "month", cohort: month })).toEqual(ids(scored.filter((s) => `${s.firstDay.slice(0, 7)}-01` === month)));
    const quarter = d.byCohortQuarter[1]!.key!;
    expect(await members({ kind: "cohort", period: "quarter", cohort: quarter })).toEqual(ids(scored.filter((s) => quarterOf(s.firstDay) === quarter)));
    const segment = d.bySegment[0]!.key!;
    expect(await members({ kind: "rfmSegment", segment })).toEqual(ids(scored.filter((s) => s.segment === segment)));
    expect(await members({ kind: "valuableAtRisk" })).toEqual(ids(atRisk));
    await expect(createLtvSliceSegment(ws, null, { name: "bad quarter", slice: { kind: "cohort", period: "quarter", cohort: "2025-02-01" } })).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "slice.cohort" }],
    });
  });

  it("says nothing is scored for a workspace without runs", async () => {
    const ws = await createWorkspace();
    await addCustomers(ws, ["a"]);
    const d = await getLtvDashboard(ws);
    expect(d).toMatchObject({ hasSlices: false, valueCurve: [], byChannel: [], topCustomers: [], valuable: null });
    expect(d.overview.runId).toBeNull();
  });
});
