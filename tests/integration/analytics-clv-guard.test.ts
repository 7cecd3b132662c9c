import { afterAll, describe, expect, it } from "vitest";
import { clvSettingsSchema } from "../../lib/analytics/recompute/analytics-settings.schema.ts";
import type { ClvModels } from "../../lib/analytics/recompute/clv-models.ts";
import { computeClv, unusableFit } from "../../lib/analytics/recompute/compute-clv.ts";
import { defaultClvModels } from "../../lib/analytics/recompute/default-clv-models.ts";
import { PermanentRunError } from "../../lib/analytics/runs/execute-run.ts";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";
import { pool } from "../../lib/db/pool.ts";
import { addCustomers, addOrders, createWorkspace, queueRun } from "./analytics-fixtures.ts";

const DAY_MS = 86_400_000;
const AS_OF_DAY = Math.floor(Date.parse("2026-01-31T00:00:00Z") / DAY_MS);
const AS_OF = new Date(AS_OF_DAY * DAY_MS + 20 * 3600 * 1000);
const settings = clvSettingsSchema.parse({ timeUnit: "days" });

afterAll(async () => {
  await pool.end();
});

async function workspaceWithHistory(): Promise<number> {
  const records = simulateBgNbdTransactions(
    { r: 0.8, alpha: 20, a: 0.6, b: 2.5 },
    { customers: 300, firstDay: AS_OF_DAY - 400, acquisitionDays: 300, lastDay: AS_OF_DAY, timeUnit: "day", seed: 7, spend: { p: 6, q: 4, gamma: 15 } },
  );
  const workspaceId = await createWorkspace();
  const ids = await addCustomers(workspaceId, [...new Set(records.map((r) => r.customerId))]);
  await addOrders(
    workspaceId,
    ids,
    records.map((r) => ({ customer: r.customerId, placedAt: new Date(r.day * DAY_MS + 3600_000).toISOString(), total: r.amount ?? 10 })),
  );
  return workspaceId;
}

async function metricsSnapshot(workspaceId: number) {
  const res = await pool.query(
    `SELECT customer_id::text, p_alive, predicted_clv_12m FROM customer_metrics WHERE workspace_id = $1 ORDER BY customer_id`,
    [workspaceId],
  );
  return res.rows;
}

describe("CLV run with a fit that cannot be trusted", () => {
  it("refuses non-converged, non-finite and absurd fits with a reason", () => {
    const ok = { model: "bg-nbd" as const, converged: true, logLikelihood: -10, params: { r: 0.5, alpha: 3, a: 0.8, b: 2 } };
    expect(unusableFit(ok)).toBeNull();
    expect(unusableFit({ ...ok, converged: false })).toMatch(/did not converge/);
    expect(unusableFit({ ...ok, logLikelihood: Number.NaN })).toMatch(/log-likelihood/);
    expect(unusableFit({ ...ok, params: { ...ok.params, alpha: 3e68 } })).toMatch(/implausible parameter \(alpha/);
  });

  it("fails permanently and leaves the previous predictions untouched", async () => {
    const workspaceId = await workspaceWithHistory();
    const real = await defaultClvModels();
    const good = await computeClv({ workspaceId, runId: await queueRun(workspaceId, "clv", AS_OF.toISOString()), asOf: AS_OF, timezone: "UTC", settings, models: real });
    expect(good.transactionModel?.converged).toBe(true);
    const before = await metricsSnapshot(workspaceId);
    expect(before.length).toBeGreaterThan(200);

    const stalled: ClvModels = {
      spend: real.spend,
      transaction(name) {
        const model = real.transaction(name);
        return { ...model, fit: (data, options) => ({ ...model.fit(data, options), converged: false }) };
      },
    };
    const runId = await queueRun(workspaceId, "clv", new Date(AS_OF.getTime() + DAY_MS).toISOString());
    const attempt = computeClv({ workspaceId, runId, asOf: new Date(AS_OF.getTime() + DAY_MS), timezone: "UTC", settings, models: stalled });
    await expect(attempt).rejects.toBeInstanceOf(PermanentRunError);
    await expect(attempt).rejects.toThrow(/did not converge.*previous run's values stay/);
    expect(await metricsSnapshot(workspaceId)).toEqual(before);
  });
});
