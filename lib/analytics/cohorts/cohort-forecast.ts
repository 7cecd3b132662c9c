import type pg from "pg";
import { defaultClvModels } from "../recompute/default-clv-models.ts";
import type { TransactionModelName } from "../recompute/clv-models.ts";

const TRANSACTION_MODELS: readonly TransactionModelName[] = ["bg-nbd", "mbg-nbd", "pareto-nbd"];

/** The transaction model of the workspace's latest successful CLV run, as its forecast for new customers. */
export interface CohortForecastModel {
  clvRunId: number;
  model: TransactionModelName;
  /** E[repeat purchase days in the first `tDays` days] for a customer just acquired. */
  expectedRepeatDays(tDays: number): number;
}

/**
 * Reads the fitted parameters stored with the latest successful CLV run. The
 * run fits x = repeat purchase days over T in its time unit (days or weeks),
 * so an age in days is divided by that unit. No run, or a run that fitted
 * nothing (too few customers), gives no forecast.
 */
export async function loadCohortForecastModel(client: Pick<pg.PoolClient, "query">, workspaceId: number): Promise<CohortForecastModel | null> {
  const res = await client.query<{ id: number; params: Record<string, unknown>; result: Record<string, unknown> }>(
    `SELECT id, params, result FROM analytics_run
      WHERE workspace_id = $1::int4 AND kind = 'clv' AND status = 'SUCCEEDED'
      ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT 1`,
    [workspaceId],
  );
  const run = res.rows[0];
  if (!run) return null;
  const fit = run.result.transactionModel as { model?: unknown; params?: Record<string, number> } | null | undefined;
  if (!fit || typeof fit.model !== "string" || !TRANSACTION_MODELS.includes(fit.model as TransactionModelName) || !fit.params) return null;
  const name = fit.model as TransactionModelName;
  const unitDays = run.params.timeUnit === "weeks" ? 7 : 1;
  const model = (await defaultClvModels()).transaction(name);
  const params = fit.params;
  return {
    clvRunId: run.id,
    model: name,
    expectedRepeatDays: (tDays) => (tDays <= 0 ? 0 : model.expectedPurchasesNewCustomer(params, tDays / unitDays)),
  };
}
