import { afterAll, describe, expect, it } from "vitest";
import { clvSettingsSchema } from "../../lib/analytics/recompute/analytics-settings.schema.ts";
import type { ClvModels } from "../../lib/analytics/recompute/clv-models.ts";
import { computeClv } from "../../lib/analytics/recompute/compute-clv.ts";
import { defaultClvModels } from "../../lib/analytics/recompute/default-clv-models.ts";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";
import { summarizeTransactions } from "../../lib/analytics/summary/summarize-transactions.ts";
import { toTransactionColumns } from "../../lib/analytics/summary/transaction-columns.ts";
import { pool } from "../../lib/db/pool.ts";
import { toyModels } from "../support/toy-clv-models.ts";
import { addCustomers, addOrders, createWorkspace, queueRun } from "./analytics-fixtures.ts";

/**
 * The CLV run writes when each customer will buy next next to P(alive): the
 * probability of a purchase within 7/14/30 days, the median gap and the due
 * day. Checked per customer against the test's own arithmetic from an
 * independent summary of the same orders.
 */
const DAY_MS = 86_400_000;
const AS_OF_DAY = Math.floor(Date.parse("2026-03-31T00:00:00Z") / DAY_MS);
const AS_OF = new Date(AS_OF_DAY * DAY_MS + 20 * 3600 * 1000);
const settings = clvSettingsSchema.parse({ timeUnit: "days", annualDiscountRate: 0.1 });

afterAll(async () => {
  await pool.end();
});

interface Row {
  external_id: string;
  p_alive: number;
  purchase_probability_7d: number | null;
  purchase_probability_14d: number | null;
  purchase_probability_30d: number | null;
  next_purchase_gap_days: number | null;
  next_purchase_due_on: string | null;
  clv_run_id: number | null;
}

async function workspaceWithHistory(seed: number) {
  const records = simulateBgNbdTransactions(
    { r: 0.9, alpha: 40, a: 0.7, b: 3 },
    { customers: 300, firstDay: AS_OF_DAY - 600, acquisitionDays: 560, lastDay: AS_OF_DAY, timeUnit: "day", seed, spend: { p: 6, q: 4, gamma: 15 } },
  );
  const workspaceId = await createWorkspace();
  const names = [...new Set(records.map((r) => r.customerId))];
  const ids = await addCustomers(workspaceId, names);
  await addOrders(
    workspaceId,
    ids,
    records.map((r, i) => ({ customer: r.customerId, placedAt: new Date(r.day * DAY_MS + ((i * 5) % 17) * 3600 * 1000).toISOString(), total: r.amount ?? 10 })),
  );
  const oracle = summarizeTransactions(toTransactionColumns(records), { observationEndDay: AS_OF_DAY, timeUnit: "day" });
  return { workspaceId, oracle };
}

async function run(workspaceId: number, models: ClvModels) {
  const runId = await queueRun(workspaceId, "clv", AS_OF.toISOString());
  await pool.query(`UPDATE analytics_run SET status = 'RUNNING' WHERE id = $1`, [runId]);
  const result = await computeClv({ workspaceId, runId, asOf: AS_OF, timezone: "UTC", settings, models });
  const rows = await pool.query<Row>(
    `SELECT c.external_id, m.p_alive, m.purchase_probability_7d, m.purchase_probability_14d, m.purchase_probability_30d,
            m.next_purchase_gap_days, to_char(m.next_purchase_due_on, 'YYYY-MM-DD') AS next_purchase_due_on, m.clv_run_id
       FROM customer_metrics m JOIN customer c ON c.id = m.customer_id WHERE m.workspace_id = $1`,
    [workspaceId],
  );
  return { runId, result, metrics: new Map(rows.rows.map((r) => [r.external_id, r])) };
}

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

describe("next purchase metrics written by the CLV run", () => {
  it("with the plumbing model: P(purchase within t) = P(alive)(1 - e^-λt), due = last purchase day + round(ln 2 / λ)", async () => {
    const { workspaceId, oracle } = await workspaceWithHistory(21);
    const { runId, metrics } = await run(workspaceId, toyModels());
    let xs = 0;
    let ts = 0;
    oracle.customerIds.forEach((_, i) => {
      xs += oracle.x[i] ?? 0;
      ts += oracle.T[i] ?? 0;
    });
    const lambda = xs / ts;
    const gap = Math.LN2 / lambda;
    expect(metrics.size).toBe(oracle.customerIds.length);
    oracle.customerIds.forEach((customer, i) => {
      const [T, tx] = [oracle.T[i] ?? 0, oracle.tx[i] ?? 0];
      const alive = Math.exp(-(T - tx) / 50);
      const row = metrics.get(customer);
      expect(row?.clv_run_id).toBe(runId);
      expect(row?.purchase_probability_7d).toBeCloseTo(alive * (1 - Math.exp(-lambda * 7)), 12);
      expect(row?.purchase_probability_14d).toBeCloseTo(alive * (1 - Math.exp(-lambda * 14)), 12);
      expect(row?.purchase_probability_30d).toBeCloseTo(alive * (1 - Math.exp(-lambda * 30)), 12);
      expect(row?.next_purchase_gap_days).toBeCloseTo(gap, 9);
      expect(row?.next_purchase_due_on).toBe(isoDay(AS_OF_DAY - T + tx + Math.round(gap)));
    });
  });

  it("with the fitted BG/NBD: each customer's numbers follow from the published parameters and their own (x, tx, T)", async () => {
    const { workspaceId, oracle } = await workspaceWithHistory(22);
    const { result, metrics } = await run(workspaceId, await defaultClvModels());
    const params = result.transactionModel?.params;
    expect(params).toBeDefined();
    const { r, alpha, a, b } = params as { r: number; alpha: number; a: number; b: number };
    let overdue = 0;
    oracle.customerIds.forEach((customer, i) => {
      const [x, tx, T] = [oracle.x[i] ?? 0, oracle.tx[i] ?? 0, oracle.T[i] ?? 0];
      // FHL 2005: P(alive), and the gamma-Poisson zero term for the next t days
      const alive = T === 0 || x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x));
      const row = metrics.get(customer);
      expect(row?.p_alive).toBeCloseTo(alive, 9);
      for (const [t, value] of [
        [7, row?.purchase_probability_7d],
        [14, row?.purchase_probability_14d],
        [30, row?.purchase_probability_30d],
      ] as const) {
        expect(value, `${customer}, ${t} days`).toBeCloseTo(alive * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x)), 9);
      }
      const gap = (alpha + tx) * (Math.pow(2, 1 / (r + x)) - 1);
      expect(row?.next_purchase_gap_days).toBeCloseTo(gap, 6);
      expect(row?.next_purchase_due_on).toBe(isoDay(AS_OF_DAY - T + tx + Math.round(gap)));
      if (AS_OF_DAY - T + tx + Math.round(gap) < AS_OF_DAY) overdue++;
    });
    // A realistic mix: some customers are already past their due day, some not yet.
    expect(overdue).toBeGreaterThan(10);
    expect(overdue).toBeLessThan(oracle.customerIds.length - 10);
  });

  it("a customer who no longer has counted orders loses them with the other predictions", async () => {
    const { workspaceId } = await workspaceWithHistory(23);
    await run(workspaceId, toyModels());
    const some = await pool.query<{ customer_id: string }>(`SELECT customer_id::text FROM customer_metrics WHERE workspace_id = $1 LIMIT 1`, [workspaceId]);
    const id = some.rows[0]?.customer_id;
    await pool.query(`UPDATE customer_order SET status = 'cancelled' WHERE customer_id = $1`, [id]);
    await run(workspaceId, toyModels());
    const after = await pool.query(
      `SELECT purchase_probability_7d, purchase_probability_30d, next_purchase_gap_days, next_purchase_due_on FROM customer_metrics WHERE customer_id = $1`,
      [id],
    );
    expect(after.rows[0]).toEqual({ purchase_probability_7d: null, purchase_probability_30d: null, next_purchase_gap_days: null, next_purchase_due_on: null });
  });
});
