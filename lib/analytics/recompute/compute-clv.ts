import type pg from "pg";
import type { FitResult } from "../btyd/types.ts";
import { copyRows } from "../runs/copy-rows.ts";
import { ANALYTICS_WORK_MEM, withDedicatedClient } from "../runs/dedicated-client.ts";
import { EXCLUDED_ORDER_STATUSES, METRICS_WRITE_LOCK } from "../runs/counted-orders.ts";
import { PermanentRunError } from "../runs/execute-run.ts";
import { markRunSucceeded } from "../runs/run-records.ts";
import type { ClvSettings } from "./analytics-settings.schema.ts";
import type { ClvModels } from "./clv-models.ts";
import {
  BUILD_CLV_SUMMARY,
  CLEAR_STALE_CLV,
  CLV_BAND_COUNTS,
  CREATE_SCORE_TABLES,
  FIT_PATTERNS,
  PATTERN_SCORE_COLUMNS,
  SPEND_PATTERNS,
  SPEND_SCORE_COLUMNS,
  RECORD_CHURN_BAND_RISES,
  UPSERT_CLV_METRICS,
} from "./clv-sql.ts";
import { WRITE_CLV_RUN_AGGREGATE } from "../dashboard/run-aggregates-sql.ts";
import { WRITE_CLV_SLICE_AGGREGATE } from "../dashboard/clv-slices-sql.ts";
import { defaultClvModels } from "./default-clv-models.ts";
import { holdoutDiagnostics, type HoldoutDiagnostics } from "./holdout-diagnostics.ts";
import { fitDiagnostics, fittableRows, scorePatterns, scoreSpend, type FitDiagnostics, type PatternRows, type PatternScores } from "./score-clv.ts";

export type ClvStep = "summary" | "fit" | "scores" | "metrics";

export interface ClvRunInput {
  workspaceId: number;
  runId: number;
  asOf: Date;
  timezone: string;
  settings: ClvSettings;
  onProgress?: (percent: number) => Promise<void>;
  /** Called after each step; inside the publishing transaction for "metrics". Tests inject crashes here. */
  afterStep?: (step: ClvStep, client: pg.PoolClient) => Promise<void>;
  /** The model maths; lib/analytics/btyd by default. */
  models?: ClvModels;
}

export interface ClvRunResult {
  customers: number;
  patterns: number;
  spendPatterns: number;
  transactionModel: FitSummary | null;
  spendModel: FitSummary | null;
  populationMeanSpend: number | null;
  diagnostics: FitDiagnostics | null;
  /** The model refitted without the latest weeks and checked against them (holdout-diagnostics.ts), or why not. */
  holdout?: HoldoutDiagnostics | { note: string };
  bands: Record<string, { customers: number; predictedClv12m: number }>;
  totalPredictedClv12m: number;
  /** Time spent writing the dashboards' aggregate of this run (analytics_run_aggregate). */
  dashboardAggregateMs?: number;
  /** Of which the LTV page's slices (channel, cohort, segment, value curve, revenue at risk, top customers). */
  dashboardSlicesMs?: number;
  /** Why nothing was fitted, when nothing was. */
  note?: string;
}

export interface FitSummary {
  model: string;
  params: Record<string, number>;
  logLikelihood: number;
  standardErrors: Record<string, number>;
  aic: number;
  bic: number;
  converged: boolean;
  iterations: number;
  customers: number;
}

/** Fitting needs some repeat buying to tell rate from dropout. */
export const MIN_CUSTOMERS_TO_FIT = 20;
export const MIN_REPEAT_CUSTOMERS_TO_FIT = 5;

export function clvRunParams(input: Pick<ClvRunInput, "asOf" | "timezone" | "settings">): Record<string, unknown> {
  return {
    asOf: input.asOf.toISOString(),
    timezone: input.timezone,
    model: input.settings.model,
    spendModel: "gamma-gamma",
    timeUnit: input.settings.timeUnit,
    annualDiscountRate: input.settings.annualDiscountRate,
    churnRiskBands: input.settings.churnRiskBands,
    summaries: "purchase days in the workspace time zone; x = repeat days, tx and T in days from the first purchase day",
    excludedOrderStatuses: EXCLUDED_ORDER_STATUSES,
  };
}

/**
 * Fits the CLV models to a workspace's purchase history and scores every
 * customer who has ordered. Summaries are built in one SQL statement into a
 * temp table; identical rows are compressed into weights for fitting and
 * scoring; scores are copied back (COPY) into temp tables and published with
 * one upsert joined on the patterns, in the transaction that marks the run
 * SUCCEEDED. Until that commit, readers see the previous run's values.
 */
export async function computeClv(input: ClvRunInput): Promise<ClvRunResult> {
  const { workspaceId, settings } = input;
  const models = input.models ?? (await defaultClvModels());
  const progress = input.onProgress ?? (async () => undefined);
  const afterStep = input.afterStep ?? (async () => undefined);
  const unitDays = settings.timeUnit === "weeks" ? 7 : 1;

  // The connection is discarded afterwards, which drops its temp tables whatever happened.
  return withDedicatedClient(async (client) => {
    await client.query("SELECT set_config('work_mem', $1, false)", [ANALYTICS_WORK_MEM]);
    await client.query(BUILD_CLV_SUMMARY, [workspaceId, input.asOf, input.timezone, EXCLUDED_ORDER_STATUSES]);
    await client.query("ANALYZE clv_summary");
    const patterns = await readPatterns(client);
    const spend = await readSpendPatterns(client);
    await afterStep("summary", client);
    await progress(25);

    const customers = sum(patterns.weight);
    const repeatCustomers = countWhere(patterns, (i) => (patterns.x[i] ?? 0) > 0);
    let result: ClvRunResult;
    await client.query(CREATE_SCORE_TABLES);

    if (customers < MIN_CUSTOMERS_TO_FIT || repeatCustomers < MIN_REPEAT_CUSTOMERS_TO_FIT) {
      // Too little history to fit: publish "no prediction" rather than numbers no model supports.
      result = emptyResult(customers, patterns.x.length, spend.x.length,
        `Needs at least ${MIN_CUSTOMERS_TO_FIT} customers with orders and ${MIN_REPEAT_CUSTOMERS_TO_FIT} with repeat purchases; found ${customers} and ${repeatCustomers}.`);
      await publish(client, input, result, null);
      return result;
    }

    const transactionModel = models.transaction(settings.model);
    const fit = transactionModel.fit(fittableRows(patterns, unitDays));
    const spendFit = models.spend.fit({ x: spend.x, monetaryValue: spend.monetaryValue, weight: spend.weight });
    const unusable = unusableFit(fit) ?? unusableFit(spendFit);
    if (unusable) {
      // Publishing numbers from a fit that did not settle would overwrite good
      // predictions with arbitrary ones; fail the run and keep the previous values.
      throw new PermanentRunError(`${unusable} Predictions were not updated; the previous run's values stay in place.`);
    }
    const populationMeanSpend = models.spend.populationMeanSpend(spendFit.params);
    await afterStep("fit", client);
    await progress(45);

    const scores = await scorePatterns(transactionModel, fit.params, patterns, { unitDays, annualDiscountRate: settings.annualDiscountRate });
    const expectedSpend = scoreSpend(models.spend, spendFit.params, spend.x, spend.monetaryValue);
    const diagnostics = fitDiagnostics(transactionModel, fit.params, patterns, unitDays);
    const asOfDay = (await client.query<{ day: number }>("SELECT ((($1::timestamptz) AT TIME ZONE $2)::date - DATE '1970-01-01') AS day", [input.asOf, input.timezone])).rows[0]!.day;
    const oldestT = patterns.tDays.reduce((m, t) => Math.max(m, t), 0);
    const holdout = await holdoutDiagnostics(client, input, transactionModel, unitDays, asOfDay - oldestT, asOfDay);
    await progress(60);

    await copyRows(client, "clv_pattern_score", PATTERN_SCORE_COLUMNS, patternScoreRows(patterns, scores));
    await copyRows(client, "clv_spend_score", SPEND_SCORE_COLUMNS, spendScoreRows(spend, expectedSpend));
    await client.query("ANALYZE clv_pattern_score; ANALYZE clv_spend_score");
    await afterStep("scores", client);
    await progress(75);

    result = {
      customers,
      patterns: patterns.x.length,
      spendPatterns: spend.x.length,
      transactionModel: summariseFit(fit),
      spendModel: summariseFit(spendFit),
      populationMeanSpend,
      diagnostics,
      holdout,
      bands: {},
      totalPredictedClv12m: 0,
    };
    await publish(client, input, result, populationMeanSpend);
    return result;
  }, { discard: true });
}

async function publish(client: pg.PoolClient, input: ClvRunInput, result: ClvRunResult, populationMeanSpend: number | null): Promise<void> {
  const { workspaceId, runId, settings } = input;
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [METRICS_WRITE_LOCK, workspaceId]);
    if (result.transactionModel && populationMeanSpend !== null) {
      await client.query(RECORD_CHURN_BAND_RISES, [workspaceId, runId, settings.churnRiskBands.lowAtLeast, settings.churnRiskBands.mediumAtLeast]);
      await client.query(UPSERT_CLV_METRICS, [
        workspaceId,
        runId,
        populationMeanSpend,
        settings.churnRiskBands.lowAtLeast,
        settings.churnRiskBands.mediumAtLeast,
        input.asOf,
        input.timezone,
      ]);
    }
    await client.query(CLEAR_STALE_CLV, [workspaceId, runId]);
    await (input.afterStep ?? (async () => undefined))("metrics", client);
    const bands = await client.query<{ band: string; customers: number; clv: number | null }>(CLV_BAND_COUNTS, [workspaceId, runId]);
    for (const row of bands.rows) {
      result.bands[row.band] = { customers: row.customers, predictedClv12m: Number(row.clv ?? 0) };
      result.totalPredictedClv12m += Number(row.clv ?? 0);
    }
    const aggregateStarted = performance.now();
    await client.query(WRITE_CLV_RUN_AGGREGATE, [workspaceId, runId]);
    const slicesStarted = performance.now();
    await client.query(WRITE_CLV_SLICE_AGGREGATE, [workspaceId, runId, input.asOf, input.timezone]);
    result.dashboardSlicesMs = Math.round(performance.now() - slicesStarted);
    result.dashboardAggregateMs = Math.round(performance.now() - aggregateStarted);
    await markRunSucceeded(client, workspaceId, runId, clvRunParams(input), { ...result });
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
  if (input.onProgress) await input.onProgress(100);
}

async function readPatterns(client: pg.PoolClient): Promise<PatternRows> {
  const res = await client.query<[number, number, number, number]>({ text: FIT_PATTERNS, rowMode: "array" });
  const n = res.rows.length;
  const rows: PatternRows = { x: new Float64Array(n), txDays: new Float64Array(n), tDays: new Float64Array(n), weight: new Float64Array(n) };
  res.rows.forEach(([x, tx, t, w], i) => {
    rows.x[i] = x;
    rows.txDays[i] = tx;
    rows.tDays[i] = t;
    rows.weight[i] = w;
  });
  return rows;
}

interface SpendRows {
  x: Float64Array;
  monetaryValue: Float64Array;
  /** The exact numeric as Postgres printed it, so scores join back on equality. */
  monetaryText: string[];
  weight: Float64Array;
}

async function readSpendPatterns(client: pg.PoolClient): Promise<SpendRows> {
  const res = await client.query<[number, string, number]>({ text: SPEND_PATTERNS, rowMode: "array" });
  const n = res.rows.length;
  const rows: SpendRows = { x: new Float64Array(n), monetaryValue: new Float64Array(n), monetaryText: new Array<string>(n), weight: new Float64Array(n) };
  res.rows.forEach(([x, m, w], i) => {
    rows.x[i] = x;
    rows.monetaryValue[i] = Number(m);
    rows.monetaryText[i] = m;
    rows.weight[i] = w;
  });
  return rows;
}

function* patternScoreRows(p: PatternRows, s: PatternScores): Generator<(number | string)[]> {
  for (let i = 0; i < p.x.length; i++) {
    yield [
      p.x[i] ?? 0, p.txDays[i] ?? 0, p.tDays[i] ?? 0, s.pAlive[i] ?? 0, s.purchases90d[i] ?? 0, s.purchases365d[i] ?? 0, s.discountedPurchases12m[i] ?? 0,
      s.purchaseWithin7d[i] ?? 0, s.purchaseWithin14d[i] ?? 0, s.purchaseWithin30d[i] ?? 0, s.nextPurchaseGapDays[i] ?? 0,
    ];
  }
}

function* spendScoreRows(spend: SpendRows, expected: Float64Array): Generator<(number | string)[]> {
  for (let i = 0; i < spend.x.length; i++) yield [spend.x[i] ?? 0, spend.monetaryText[i] ?? "0", expected[i] ?? 0];
}

function summariseFit(fit: FitResult): FitSummary {
  return {
    model: fit.model,
    params: { ...fit.params },
    logLikelihood: fit.logLikelihood,
    standardErrors: { ...fit.standardErrors },
    aic: fit.aic,
    bic: fit.bic,
    converged: fit.converged,
    iterations: fit.iterations,
    customers: fit.customers,
  };
}

function emptyResult(customers: number, patterns: number, spendPatterns: number, note: string): ClvRunResult {
  return {
    customers,
    patterns,
    spendPatterns,
    transactionModel: null,
    spendModel: null,
    populationMeanSpend: null,
    diagnostics: null,
    bands: {},
    totalPredictedClv12m: 0,
    note,
  };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function countWhere(rows: PatternRows, predicate: (i: number) => boolean): number {
  let total = 0;
  for (let i = 0; i < rows.x.length; i++) if (predicate(i)) total += rows.weight[i] ?? 0;
  return total;
}

/** Why a fit cannot be used for predictions, or null when it can. */
export function unusableFit(fit: Pick<FitResult, "model" | "converged" | "logLikelihood" | "params">): string | null {
  if (!fit.converged) return `The ${fit.model} fit did not converge on this data.`;
  if (!Number.isFinite(fit.logLikelihood)) return `The ${fit.model} fit has no finite log-likelihood.`;
  const bad = Object.entries(fit.params).find(([, v]) => !Number.isFinite(v) || v <= 0 || v > 1e8);
  if (bad) return `The ${fit.model} fit gave an implausible parameter (${bad[0]} = ${bad[1]}), a sign of too little or degenerate data.`;
  return null;
}
