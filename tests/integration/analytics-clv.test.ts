import { afterAll, describe, expect, it } from "vitest";
import { clvSettingsSchema } from "../../lib/analytics/recompute/analytics-settings.schema.ts";
import type { ClvModels } from "../../lib/analytics/recompute/clv-models.ts";
import { computeClv } from "../../lib/analytics/recompute/compute-clv.ts";
import { defaultClvModels } from "../../lib/analytics/recompute/default-clv-models.ts";
import { bgNbd } from "../../lib/analytics/btyd/bg-nbd.ts";
import { gammaGamma } from "../../lib/analytics/btyd/gamma-gamma.ts";
import { MONTH_DAYS, monthlyDiscountRate } from "../../lib/analytics/recompute/score-clv.ts";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";
import { summarizeTransactions } from "../../lib/analytics/summary/summarize-transactions.ts";
import { toTransactionColumns } from "../../lib/analytics/summary/transaction-columns.ts";
import type { TransactionRecord } from "../../lib/analytics/summary/transaction-columns.ts";
import { pool } from "../../lib/db/pool.ts";
import { toyModels } from "../support/toy-clv-models.ts";
import { addCustomers, addOrders, createWorkspace, metricsByExternalId, queueRun, runRow, type OrderSpec } from "./analytics-fixtures.ts";

const DAY_MS = 86_400_000;
const AS_OF_DAY = Math.floor(Date.parse("2026-01-31T00:00:00Z") / DAY_MS);
const AS_OF = new Date(AS_OF_DAY * DAY_MS + 20 * 3600 * 1000); // 20:00 UTC on the last day

afterAll(async () => {
  await pool.end();
});

/** Orders from simulated purchase days: several orders per day are spread over its hours. */
function ordersFrom(records: readonly TransactionRecord[]): OrderSpec[] {
  return records.map((r, i) => ({
    customer: r.customerId,
    placedAt: new Date(r.day * DAY_MS + ((i * 7) % 19) * 3600 * 1000).toISOString(),
    total: r.amount ?? 10,
  }));
}

const oracleRecords = new Map<number, TransactionRecord[]>();

async function simulatedWorkspace(customers: number, seed: number) {
  const records = simulateBgNbdTransactions(
    { r: 0.8, alpha: 20, a: 0.6, b: 2.5 },
    { customers, firstDay: AS_OF_DAY - 500, acquisitionDays: 400, lastDay: AS_OF_DAY, timeUnit: "day", seed, spend: { p: 6, q: 4, gamma: 15 } },
  );
  const workspaceId = await createWorkspace();
  const names = [...new Set(records.map((r) => r.customerId))];
  const ids = await addCustomers(workspaceId, [...names, "never-ordered"]);
  await addOrders(workspaceId, ids, ordersFrom(records));
  const oracle = summarizeTransactions(toTransactionColumns(records), { observationEndDay: AS_OF_DAY, timeUnit: "day" });
  oracleRecords.set(workspaceId, records);
  return { workspaceId, ids, records, oracle };
}

/** Half away from zero, as Postgres rounds numerics; the nudge undoes binary float error (31.025 is 31.02499… as a double). */
function cents(value: number): number {
  return Math.round(value * 100 + 1e-7) / 100;
}

const daySettings = clvSettingsSchema.parse({ timeUnit: "days", annualDiscountRate: 0.12 });

async function runClv(
  workspaceId: number,
  options: { models?: ClvModels; settings?: typeof daySettings; afterStep?: Parameters<typeof computeClv>[0]["afterStep"] } = {},
) {
  const runId = await queueRun(workspaceId, "clv", AS_OF.toISOString());
  await pool.query(`UPDATE analytics_run SET status = 'RUNNING' WHERE id = $1`, [runId]);
  const result = await computeClv({
    workspaceId,
    runId,
    asOf: AS_OF,
    timezone: "UTC",
    settings: options.settings ?? daySettings,
    models: options.models ?? toyModels(),
    afterStep: options.afterStep,
  });
  return { runId, result };
}

describe("CLV summaries (one SQL statement)", () => {
  it("match an independent TypeScript summary of the same orders", async () => {
    const { workspaceId, ids, oracle } = await simulatedWorkspace(400, 11);
    const rows = new Map<string, { x: number; tx_days: number; t_days: number; monetary_value: string | null }>();
    await runClv(workspaceId, {
      afterStep: async (step, client) => {
        if (step !== "summary") return;
        const res = await client.query<{ customer_id: string; x: number; tx_days: number; t_days: number; monetary_value: string | null }>(
          `SELECT customer_id::text, x, tx_days, t_days, monetary_value::text FROM clv_summary`,
        );
        for (const row of res.rows) rows.set(row.customer_id, row);
      },
    });
    expect(rows.size).toBe(oracle.customerIds.length);
    expect(oracle.x.some((x) => x >= 3)).toBe(true);
    oracle.customerIds.forEach((customer, i) => {
      const row = rows.get(ids.get(customer) ?? "");
      expect({ customer, x: row?.x, tx: row?.tx_days, T: row?.t_days }).toEqual({ customer, x: oracle.x[i], tx: oracle.tx[i], T: oracle.T[i] });
      // Rounded to the cent in SQL (half away from zero on the exact decimal).
      if ((oracle.x[i] ?? 0) > 0) expect(Math.abs(Number(row?.monetary_value) - (oracle.monetaryValue[i] ?? NaN))).toBeLessThanOrEqual(0.005 + 1e-9);
      else expect(row?.monetary_value).toBeNull();
    });
  });
});

describe("CLV write-back", () => {
  it("gives every customer the scores of their own (x, tx, T) and spend, with bands from P(alive)", async () => {
    const { workspaceId, oracle } = await simulatedWorkspace(300, 12);
    const { runId, result } = await runClv(workspaceId);

    // The test's own arithmetic, from the independent summary.
    let xs = 0;
    let ts = 0;
    let spendTotal = 0;
    let spenders = 0;
    oracle.customerIds.forEach((_, i) => {
      xs += oracle.x[i] ?? 0;
      ts += oracle.T[i] ?? 0;
      const m = cents(oracle.monetaryValue[i] ?? 0);
      if ((oracle.x[i] ?? 0) > 0 && m > 0) {
        spendTotal += m;
        spenders++;
      }
    });
    const lambda = xs / ts;
    const meanSpend = spendTotal / spenders;
    const monthly = monthlyDiscountRate(0.12);
    let discountSum = 0;
    for (let k = 1; k <= 12; k++) discountSum += Math.pow(1 + monthly, -k);

    const metrics = await metricsByExternalId(workspaceId);
    let bands = 0;
    oracle.customerIds.forEach((customer, i) => {
      const x = oracle.x[i] ?? 0;
      const alive = Math.exp(-((oracle.T[i] ?? 0) - (oracle.tx[i] ?? 0)) / 50);
      const m = cents(oracle.monetaryValue[i] ?? 0);
      const spend = x > 0 && m > 0 ? (m + meanSpend) / 2 : meanSpend;
      const row = metrics.get(customer);
      expect(row?.clv_run_id).toBe(runId);
      expect(row?.p_alive).toBeCloseTo(alive, 12);
      expect(row?.expected_purchases_90d).toBeCloseTo(alive * lambda * 90, 10);
      expect(row?.expected_purchases_365d).toBeCloseTo(alive * lambda * 365, 10);
      const clv = alive * lambda * MONTH_DAYS * discountSum * spend;
      expect(Math.abs((row?.predicted_clv_12m ?? NaN) - clv)).toBeLessThanOrEqual(1e-9 * clv + 1e-12);
      expect(row?.churn_risk_band).toBe(alive >= 0.7 ? "low" : alive >= 0.3 ? "medium" : "high");
      if (row?.churn_risk_band === "medium") bands++;
    });
    expect(bands).toBeGreaterThan(0);
    expect(metrics.get("never-ordered")).toBeUndefined();

    const run = await runRow(runId);
    expect(run?.status).toBe("SUCCEEDED");
    expect(result.customers).toBe(oracle.customerIds.length);
    expect(result.patterns).toBeLessThanOrEqual(oracle.customerIds.length);
    expect(run?.result).toMatchObject({
      customers: oracle.customerIds.length,
      transactionModel: { params: { lambda: expect.closeTo(lambda, 12) }, converged: true },
      diagnostics: { repeatPurchases: { observed: xs } },
    });
    expect(run?.params).toMatchObject({ model: "bg-nbd", timeUnit: "days", annualDiscountRate: 0.12 });
  });

  it("is idempotent, and a crash before commit leaves the previous predictions in place", async () => {
    const { workspaceId, ids } = await simulatedWorkspace(200, 13);
    await runClv(workspaceId);
    const first = await metricsByExternalId(workspaceId);
    const strip = (m: Map<string, { clv_run_id: number | null }>) =>
      new Map([...m].map(([k, { clv_run_id: _run, ...rest }]) => [k, rest]));

    await runClv(workspaceId);
    expect(strip(await metricsByExternalId(workspaceId))).toEqual(strip(first));
    const settled = await metricsByExternalId(workspaceId);

    // New orders, then a run that dies after writing its upsert but before commit.
    await addOrders(workspaceId, ids, [{ customer: "c1", placedAt: new Date(AS_OF.getTime() - 3600_000).toISOString(), total: 999 }]);
    const crash = runClv(workspaceId, {
      afterStep: async (step) => {
        if (step === "metrics") throw new Error("killed");
      },
    });
    await expect(crash).rejects.toThrow("killed");
    expect(await metricsByExternalId(workspaceId)).toEqual(settled);
    const temp = await pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname = 'clv_summary' AND relpersistence = 't'`);
    expect(temp.rows[0]).toEqual({ n: 0 });
  });

  it("clears predictions of customers whose orders no longer count", async () => {
    const { workspaceId } = await simulatedWorkspace(150, 14);
    await runClv(workspaceId);
    const before = await metricsByExternalId(workspaceId);
    expect(before.get("c2")?.p_alive).not.toBeNull();
    await pool.query(
      `UPDATE customer_order SET status = 'refunded' WHERE workspace_id = $1 AND customer_id = (SELECT id FROM customer WHERE workspace_id = $1 AND external_id = 'c2')`,
      [workspaceId],
    );
    await runClv(workspaceId);
    const after = await metricsByExternalId(workspaceId);
    expect(after.get("c2")).toMatchObject({ p_alive: null, predicted_clv_12m: null, churn_risk_band: null, clv_run_id: null });
    expect(after.get("c3")?.p_alive).not.toBeNull();
  });

  it("publishes no predictions, with a note, when there is too little history to fit", async () => {
    const workspaceId = await createWorkspace();
    const ids = await addCustomers(workspaceId, ["a", "b"]);
    await addOrders(workspaceId, ids, [
      { customer: "a", placedAt: "2026-01-02T10:00:00Z", total: 10 },
      { customer: "a", placedAt: "2026-01-09T10:00:00Z", total: 10 },
      { customer: "b", placedAt: "2026-01-05T10:00:00Z", total: 10 },
    ]);
    const { runId, result } = await runClv(workspaceId);
    expect(result.transactionModel).toBeNull();
    expect(result.note).toMatch(/at least 20 customers/);
    expect((await runRow(runId))?.status).toBe("SUCCEEDED");
    expect((await metricsByExternalId(workspaceId)).size).toBe(0);
  });
});

describe("CLV run with the BG/NBD and Gamma-Gamma models", () => {
  it("recovers the simulated parameters and scores every customer as the library does on an independent summary", async () => {
    const truth = { r: 0.8, alpha: 20 / 7, a: 0.6, b: 2.5 }; // alpha per week (20 per day)
    const { workspaceId, oracle } = await simulatedWorkspace(3000, 31);
    // A customer whose first order is on the as-of day (T = 0): nothing to learn from yet.
    const newcomer = await addCustomers(workspaceId, ["newcomer"]);
    await addOrders(workspaceId, newcomer, [{ customer: "newcomer", placedAt: new Date(AS_OF_DAY * DAY_MS + 3600_000).toISOString(), total: 40 }]);
    const settings = clvSettingsSchema.parse({}); // defaults: BG/NBD, weeks, 10% a year
    const { runId, result } = await runClv(workspaceId, { models: await defaultClvModels(), settings });
    const fit = result.transactionModel;
    expect(fit?.converged).toBe(true);
    for (const name of ["r", "alpha", "a", "b"] as const) {
      const estimate = fit?.params[name] ?? NaN;
      const se = fit?.standardErrors[name] ?? NaN;
      expect(Math.abs(estimate - truth[name]), `${name} = ${estimate} ± ${se}`).toBeLessThan(3 * se);
    }
    expect(result.spendModel?.converged).toBe(true);

    // The same model fitted directly to the independent (uncompressed) summary finds the same optimum.
    const weeks = summarizeTransactions(toTransactionColumns(oracleRecords.get(workspaceId) ?? []), { observationEndDay: AS_OF_DAY, timeUnit: "week" });
    const direct = bgNbd.fit({ x: weeks.x, tx: weeks.tx, T: weeks.T, weight: weeks.weight });
    expect(direct.logLikelihood).toBeCloseTo(fit?.logLikelihood ?? NaN, 4);
    for (const name of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(direct.params[name] / (fit?.params[name] ?? NaN) - 1)).toBeLessThan(1e-3);
    }

    const params = { r: fit?.params.r ?? NaN, alpha: fit?.params.alpha ?? NaN, a: fit?.params.a ?? NaN, b: fit?.params.b ?? NaN };
    const gg = { p: result.spendModel?.params.p ?? NaN, q: result.spendModel?.params.q ?? NaN, v: result.spendModel?.params.v ?? NaN };
    const monthly = monthlyDiscountRate(0.1);
    const metrics = await metricsByExternalId(workspaceId);
    weeks.customerIds.forEach((customer, i) => {
      const [x, tx, T] = [weeks.x[i] ?? 0, weeks.tx[i] ?? 0, weeks.T[i] ?? 0];
      const row = metrics.get(customer);
      expect(row?.clv_run_id).toBe(runId);
      expect(row?.p_alive).toBeCloseTo(bgNbd.pAlive(params, x, tx, T), 9);
      expect(row?.expected_purchases_90d).toBeCloseTo(bgNbd.conditionalExpectedPurchases(params, 90 / 7, x, tx, T), 9);
      expect(row?.expected_purchases_365d).toBeCloseTo(bgNbd.conditionalExpectedPurchases(params, 365 / 7, x, tx, T), 9);
      const m = cents(weeks.monetaryValue[i] ?? 0);
      const spend = x > 0 && m > 0 ? gammaGamma.conditionalExpectedAverageSpend(gg, x, m) : gammaGamma.populationMeanSpend(gg);
      let clv = 0;
      for (let k = 1; k <= 12; k++) {
        const inMonth =
          bgNbd.conditionalExpectedPurchases(params, (k * MONTH_DAYS) / 7, x, tx, T) -
          bgNbd.conditionalExpectedPurchases(params, ((k - 1) * MONTH_DAYS) / 7, x, tx, T);
        clv += (inMonth * spend) / Math.pow(1 + monthly, k);
      }
      expect(Math.abs((row?.predicted_clv_12m ?? NaN) - clv)).toBeLessThanOrEqual(1e-9 * clv + 1e-9);
    });
    expect(metrics.get("newcomer")).toMatchObject({ p_alive: 1, churn_risk_band: "low" });
    expect(metrics.get("newcomer")?.expected_purchases_90d).toBeCloseTo(bgNbd.expectedPurchasesNewCustomer(params, 90 / 7), 12);
    expect(result.customers).toBe(oracle.customerIds.length + 1);

    // The model's in-sample check: expected repeat purchases close to those observed.
    const check = result.diagnostics?.repeatPurchases;
    expect(Math.abs((check?.expected ?? 0) / (check?.observed ?? 1) - 1)).toBeLessThan(0.05);
  });
});
