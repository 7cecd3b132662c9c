import { pool } from "../../db/pool.ts";
import { CHURN_RISK_BANDS } from "../recompute/analytics-settings.schema.ts";

/**
 * Aggregates the LTV & Churn page shows, read from customer_metrics (written
 * by the analytics runs), never recomputed per request.
 */
export interface ChurnBandRow {
  band: string;
  customers: number;
  share: number;
  meanPAlive: number;
  predictedClv12m: number;
  revenueToDate: number;
}

export interface ClvDecileRow {
  decile: number;
  customers: number;
  minClv: number;
  maxClv: number;
  totalClv: number;
}

export interface ValueOverview {
  scoredCustomers: number;
  totalPredictedClv12m: number;
  meanPAlive: number | null;
  expectedPurchases365d: number;
  bands: ChurnBandRow[];
  deciles: ClvDecileRow[];
}

export async function getValueOverview(workspaceId: number): Promise<ValueOverview> {
  // A CLV run writes p_alive and churn_risk_band together (and clears them together), so the totals are the bands' sums: one scan, not two.
  const [bands, deciles] = await Promise.all([
    pool.query<{ band: string; customers: number; p: number; p_sum: number; clv: number | null; e365: number | null; revenue: string }>(
      `SELECT churn_risk_band AS band, count(*)::int AS customers, avg(p_alive) AS p, sum(p_alive) AS p_sum,
              sum(predicted_clv_12m) AS clv, sum(expected_purchases_365d) AS e365, sum(revenue)::text AS revenue
         FROM customer_metrics WHERE workspace_id = $1 AND churn_risk_band IS NOT NULL
        GROUP BY churn_risk_band`,
      [workspaceId],
    ),
    pool.query<{ decile: number; customers: number; min: number; max: number; total: number }>(
      `SELECT decile, count(*)::int AS customers, min(clv) AS min, max(clv) AS max, sum(clv) AS total
         FROM (SELECT predicted_clv_12m AS clv, ntile(10) OVER (ORDER BY predicted_clv_12m) AS decile
                 FROM customer_metrics WHERE workspace_id = $1 AND predicted_clv_12m IS NOT NULL) d
        GROUP BY decile ORDER BY decile`,
      [workspaceId],
    ),
  ]);
  const sum = (f: (r: (typeof bands.rows)[number]) => number | null) => bands.rows.reduce((s, r) => s + (f(r) ?? 0), 0);
  const scored = sum((r) => r.customers);
  return {
    scoredCustomers: scored,
    totalPredictedClv12m: sum((r) => r.clv),
    meanPAlive: scored ? sum((r) => r.p_sum) / scored : null,
    expectedPurchases365d: sum((r) => r.e365),
    bands: bands.rows
      .map((r) => ({
        band: r.band,
        customers: r.customers,
        share: scored ? r.customers / scored : 0,
        meanPAlive: r.p,
        predictedClv12m: r.clv ?? 0,
        revenueToDate: Number(r.revenue),
      }))
      .sort((a, b) => rank(a.band) - rank(b.band)),
    deciles: deciles.rows.map((r) => ({ decile: r.decile, customers: r.customers, minClv: r.min, maxClv: r.max, totalClv: r.total })),
  };
}

function rank(band: string): number {
  const i = (CHURN_RISK_BANDS as readonly string[]).indexOf(band);
  return i === -1 ? CHURN_RISK_BANDS.length : i;
}
