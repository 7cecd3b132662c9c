import type pg from "pg";
import type { ParamMap, TransactionModel } from "../btyd/types.ts";
import { calibrationHoldoutTable, type CalibrationHoldoutTable } from "../diagnostics/calibration-holdout-table.ts";
import { trackingSeries, type TrackingSeries } from "../diagnostics/tracking-series.ts";
import { EXCLUDED_ORDER_STATUSES } from "../runs/counted-orders.ts";
import { fittableRows, type PatternRows } from "./score-clv.ts";

/**
 * The model checked against data it did not see: the transaction model is
 * fitted again on the history up to a calibration end (the last third of the
 * observed span is held out, 4 to 52 weeks, whole weeks), and
 *   - the calibration-vs-holdout table compares, per calibration frequency,
 *     the mean repeat purchase days customers actually made in the holdout
 *     with the model's conditional expectation;
 *   - the weekly tracking series compares repeat purchase days per week with
 *     what the calibrated model expects for customers of those ages
 *     (calibration weeks show fit, holdout weeks forecasting).
 * Both are stored with the run's result and charted on the LTV page.
 *
 * One statement over the run's counted orders (purchase days as in
 * BUILD_CLV_SUMMARY), answering compressed rows only: (x, tx, T) patterns at
 * the calibration end with their holdout purchase days (customers first
 * buying before that day: one acquired on it has no calibration time, T = 0),
 * first purchases per day and purchase days per day.
 */
export const HOLDOUT_ROWS = `
WITH purchase_days AS MATERIALIZED (
  SELECT o.customer_id, (o.placed_at AT TIME ZONE $3)::date AS day
    FROM customer_order o JOIN customer c ON c.id = o.customer_id AND c.workspace_id = $1
   WHERE o.workspace_id = $1 AND o.placed_at <= $2::timestamptz AND o.status <> ALL ($4::text[])
   GROUP BY o.customer_id, day
), per_customer AS MATERIALIZED (
  SELECT customer_id, min(day) AS first_day,
         (count(*) FILTER (WHERE day <= $5::date) - 1)::int AS x_cal,
         (max(day) FILTER (WHERE day <= $5::date) - min(day))::int AS tx_cal,
         ($5::date - min(day))::int AS t_cal,
         count(*) FILTER (WHERE day > $5::date)::int AS holdout
    FROM purchase_days GROUP BY customer_id
)
SELECT 'pattern' AS kind, x_cal AS a, tx_cal AS b, t_cal AS c, count(*)::int AS customers, sum(holdout)::float8 AS total
  FROM per_customer WHERE first_day < $5::date GROUP BY x_cal, tx_cal, t_cal
UNION ALL
SELECT 'birth', first_day - DATE '1970-01-01', 0, 0, count(*)::int, 0 FROM per_customer GROUP BY first_day
UNION ALL
SELECT 'day', day - DATE '1970-01-01', 0, 0, count(*)::int, 0 FROM purchase_days GROUP BY day`;

export interface HoldoutDiagnostics {
  model: string;
  calibrationEnd: string;
  holdoutDays: number;
  /** The calibration fit's parameters (not the run's). */
  params: Record<string, number>;
  calibrationHoldout: CalibrationHoldoutTable;
  tracking: TrackingSeries;
}

const MIN_SPAN_DAYS = 84;

/** Holdout length: a third of the span from the first purchase to the as-of day, 4–52 whole weeks. */
export function holdoutDaysFor(spanDays: number): number {
  return Math.min(52, Math.max(4, Math.round(spanDays / 3 / 7))) * 7;
}

export async function holdoutDiagnostics(
  client: Pick<pg.PoolClient, "query">,
  input: { workspaceId: number; asOf: Date; timezone: string },
  model: TransactionModel,
  unitDays: number,
  firstDay: number,
  asOfDay: number,
): Promise<HoldoutDiagnostics | { note: string }> {
  const span = asOfDay - firstDay;
  if (span < MIN_SPAN_DAYS) return { note: `The purchase history spans ${span} days; a holdout check needs at least ${MIN_SPAN_DAYS}.` };
  const holdoutDays = holdoutDaysFor(span);
  const calibrationEndDay = asOfDay - holdoutDays;
  const calibrationEnd = new Date(calibrationEndDay * 86_400_000).toISOString().slice(0, 10);
  const res = await client.query<{ kind: string; a: number; b: number; c: number; customers: number; total: number }>(HOLDOUT_ROWS, [
    input.workspaceId,
    input.asOf,
    input.timezone,
    EXCLUDED_ORDER_STATUSES,
    calibrationEnd,
  ]);
  const patterns = res.rows.filter((r) => r.kind === "pattern");
  const rows: PatternRows = {
    x: Float64Array.from(patterns, (r) => r.a),
    txDays: Float64Array.from(patterns, (r) => r.b),
    tDays: Float64Array.from(patterns, (r) => r.c),
    weight: Float64Array.from(patterns, (r) => r.customers),
  };
  const fitRows = fittableRows(rows, unitDays);
  if (fitRows.x.length === 0 || !fitRows.x.some((x) => x > 0)) return { note: "No repeat purchases before the calibration end: nothing to check against." };
  let fit: ReturnType<TransactionModel["fit"]>;
  try {
    fit = model.fit(fitRows);
  } catch (err) {
    // A check of the model must not fail the run that publishes its predictions; say why it is missing.
    return { note: `The calibration fit failed (${err instanceof Error ? err.message : String(err)}); no holdout check this run.` };
  }
  if (!fit.converged || !Number.isFinite(fit.logLikelihood)) return { note: "The calibration fit did not converge; no holdout check this run." };
  const params = fit.params as ParamMap;
  const horizon = holdoutDays / unitDays;
  const calibration = { x: rows.x, tx: rows.txDays.map((d) => d / unitDays), T: rows.tDays.map((d) => d / unitDays), weight: rows.weight };
  const predicted = model.score(params, calibration, horizon).expectedPurchases;
  const calibrationHoldout = calibrationHoldoutTable({
    calibration,
    holdoutPurchases: Float64Array.from(patterns, (r) => r.total / r.customers),
    holdoutDuration: horizon,
    predictedHoldoutPurchases: predicted,
  });

  // Repeat purchase days per day = purchase days − first purchases that day.
  const births = res.rows.filter((r) => r.kind === "birth");
  const days = res.rows.filter((r) => r.kind === "day");
  const startDay = Math.min(...days.map((d) => d.a));
  const counts = new Float64Array(asOfDay - startDay + 1);
  for (const d of days) counts[d.a - startDay]! += d.customers;
  const firstPurchaseDay = new Int32Array(births.reduce((t, b) => t + b.customers, 0));
  let at = 0;
  for (const b of births) {
    counts[b.a - startDay]! -= b.customers;
    firstPurchaseDay.fill(b.a, at, (at += b.customers));
  }
  const tracking = trackingSeries({
    expectedPurchasesNewCustomer: (t) => model.expectedPurchasesNewCustomer(params, t),
    daysPerUnit: unitDays,
    firstPurchaseDay,
    dailyRepeatPurchases: { startDay, counts },
    calibrationEndDay,
    periodDays: 7,
  });
  return { model: fit.model, calibrationEnd, holdoutDays, params: { ...fit.params }, calibrationHoldout, tracking };
}
