import { afterAll, describe, expect, it } from "vitest";
import { bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchasesNewCustomer, type BgNbdParams } from "../../lib/analytics/btyd/bg-nbd.ts";
import { getLtvDashboard } from "../../lib/analytics/dashboard/ltv-dashboard.ts";
import type { HoldoutDiagnostics } from "../../lib/analytics/recompute/holdout-diagnostics.ts";
import { EXCLUDED_ORDER_STATUSES } from "../../lib/analytics/runs/counted-orders.ts";
import { executeRun } from "../../lib/analytics/runs/execute-run.ts";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";
import { pool } from "../../lib/db/pool.ts";
import { addCustomers, addOrders, createWorkspace, queueRun, type OrderSpec } from "./analytics-fixtures.ts";

afterAll(async () => {
  await pool.end();
});

// The holdout check a CLV run keeps, against a recomputation in TypeScript
// from the raw orders (local days by Intl): each customer's purchase days cut
// at the stored calibration end, the actual holdout purchases per calibration
// frequency, the calibrated model's per-customer expectation (the scalar
// formula, not the run's vectorised scoring), and the weekly tracking.

const DAY_MS = 86_400_000;
const AS_OF_DAY = Math.floor(Date.parse("2026-01-31T00:00:00Z") / DAY_MS);
const AS_OF = new Date(AS_OF_DAY * DAY_MS + 20 * 3600 * 1000).toISOString();
const ZONE = "Australia/Sydney";

describe("CLV run holdout check", () => {
  it("stores calibration-vs-holdout and weekly tracking that a recomputation from the orders reproduces", async () => {
    const sim = simulateBgNbdTransactions(
      { r: 0.8, alpha: 20, a: 0.6, b: 2.5 },
      { customers: 500, firstDay: AS_OF_DAY - 500, acquisitionDays: 300, lastDay: AS_OF_DAY, timeUnit: "day", seed: 21, spend: { p: 6, q: 4, gamma: 15 } },
    );
    const ws = await createWorkspace({ timezone: ZONE });
    const ids = await addCustomers(ws, [...new Set(sim.map((r) => r.customerId))]);
    const orders: OrderSpec[] = sim.map((r, i) => ({
      customer: r.customerId,
      placedAt: new Date(r.day * DAY_MS + ((i * 5) % 24) * 3600 * 1000).toISOString(),
      total: Math.round((r.amount ?? 10) * 100) / 100,
      status: i % 17 === 3 ? "voided" : "completed",
    }));
    await addOrders(ws, ids, orders);
    const runId = await queueRun(ws, "clv", AS_OF);
    expect((await executeRun("clv", ws, runId)).status).toBe("succeeded");
    const stored = (await pool.query<{ h: HoldoutDiagnostics }>("SELECT result->'holdout' AS h FROM analytics_run WHERE id = $1", [runId])).rows[0]!.h;
    expect(stored.model).toBe("bg-nbd");

    // Purchase days per customer, local to Sydney.
    const fmt = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
    const dayOf = (d: Date) => Math.round(Date.parse(fmt.format(d)) / DAY_MS);
    const raw = await pool.query<{ customer_id: string; placed_at: Date; status: string }>("SELECT customer_id::text, placed_at, status FROM customer_order WHERE workspace_id = $1", [ws]);
    const days = new Map<string, Set<number>>();
    for (const o of raw.rows) {
      if (EXCLUDED_ORDER_STATUSES.includes(o.status) || o.placed_at > new Date(AS_OF)) continue;
      days.set(o.customer_id, (days.get(o.customer_id) ?? new Set()).add(dayOf(o.placed_at)));
    }
    const asOfDay = dayOf(new Date(AS_OF));
    const first = Math.min(...[...days.values()].map((s) => Math.min(...s)));
    // A third of the span in whole weeks, 4–52.
    expect(stored.holdoutDays).toBe(Math.min(52, Math.max(4, Math.round((asOfDay - first) / 3 / 7))) * 7);
    const calEnd = asOfDay - stored.holdoutDays;
    expect(stored.calibrationEnd).toBe(new Date(calEnd * DAY_MS).toISOString().slice(0, 10));

    // Calibration vs holdout, per calibration frequency (7+ pooled), weeks as the model's unit.
    const p = stored.params as unknown as BgNbdParams;
    const groups = new Map<number, { n: number; actual: number; predicted: number }>();
    for (const set of days.values()) {
      const sorted = [...set].sort((a, b) => a - b);
      // Customers acquired on or after the calibration end have no calibration time.
      if (sorted[0]! >= calEnd) continue;
      const cal = sorted.filter((d) => d <= calEnd);
      const x = cal.length - 1;
      const g = groups.get(Math.min(x, 7)) ?? { n: 0, actual: 0, predicted: 0 };
      g.n++;
      g.actual += sorted.length - cal.length;
      g.predicted += bgNbdConditionalExpectedPurchases(p, stored.holdoutDays / 7, x, (cal.at(-1)! - cal[0]!) / 7, (calEnd - cal[0]!) / 7);
      groups.set(Math.min(x, 7), g);
    }
    const table = stored.calibrationHoldout.rows;
    expect(table.map((r) => r.frequency)).toEqual([...groups.keys()].sort((a, b) => a - b));
    for (const row of table) {
      const g = groups.get(row.frequency)!;
      expect(row.customers, `x=${row.label}`).toBe(g.n);
      expect(row.actualMeanHoldoutPurchases, `x=${row.label}`).toBeCloseTo(g.actual / g.n, 12);
      expect(row.predictedMeanHoldoutPurchases, `x=${row.label}`).toBeCloseTo(g.predicted / g.n, 9);
    }

    // Tracking: actual repeat purchase days per week from the first purchase day on; expected from the new-customer curve.
    const births = [...days.values()].map((s) => Math.min(...s));
    const periods = stored.tracking.periods;
    expect(periods[0]!.from).toBe(new Date(first * DAY_MS).toISOString().slice(0, 10));
    let cumulative = 0;
    for (const period of periods) {
      const from = Math.round(Date.parse(period.from) / DAY_MS);
      const to = Math.round(Date.parse(period.to) / DAY_MS);
      let actual = 0;
      for (const set of days.values()) {
        const birth = Math.min(...set);
        for (const d of set) if (d > birth && d >= from && d <= to) actual++;
      }
      cumulative += actual;
      expect(period.actual, period.from).toBe(actual);
      expect(period.holdout, period.from).toBe(from > calEnd);
      const expected = births.reduce((t, b) => (b <= to ? t + bgNbdExpectedPurchasesNewCustomer(p, (to - b) / 7) : t), 0);
      expect(period.expectedCumulative, period.from).toBeCloseTo(expected, 6);
    }
    expect(periods.at(-1)!.actualCumulative).toBe(cumulative);
    expect(periods.at(-1)!.to).toBe(new Date(asOfDay * DAY_MS).toISOString().slice(0, 10));

    // The page reads the same stored check.
    const d = await getLtvDashboard(ws);
    expect(d.holdout?.calibrationEnd).toBe(stored.calibrationEnd);
  });
});
