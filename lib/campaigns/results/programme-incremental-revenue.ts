import { pool } from "../../db/pool.ts";
import { normalQuantile } from "../../stats/distributions/normal.ts";
import type { Interval } from "../../stats/interval.ts";
import { MIN_CUSTOMERS_PER_ARM } from "./campaign-results.ts";

export interface ProgrammeIncrementalRevenue extends Interval {
  /** Campaigns with orders in their windows on days of the period and both arms large enough to compare. */
  campaigns: number;
}

/**
 * The incremental revenue of all campaigns together on the days from `from`
 * to `to` (workspace calendar days, YYYY-MM-DD, both included), for the
 * overview: per campaign, the treated arm's revenue on those days minus the
 * control's scaled to the treated size, summed. Read from the kept per-arm
 * sums and daily series (campaign_arm_outcome, campaign_arm_daily), never
 * orders. The 95% interval adds the campaigns' variances as if independent
 * (overlapping audiences make it somewhat optimistic), each arm's second
 * moment taken in proportion to the share of its revenue that fell in the
 * period, as the cumulative chart does. docs/campaign-results.md.
 */
export async function programmeIncrementalRevenue(workspaceId: number, from: string, to: string): Promise<ProgrammeIncrementalRevenue> {
  const { rows } = await pool.query<{ campaign_id: number; arm: "control" | "treatment"; n: number; sum_y: string; sum_y2: string; in_period: string }>(
    `WITH period AS (
       SELECT campaign_id, arm, sum(revenue) AS revenue FROM campaign_arm_daily
        WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date GROUP BY campaign_id, arm
     )
     SELECT o.campaign_id, o.arm::text AS arm, sum(o.customers)::int AS n, sum(o.sum_y)::text AS sum_y, sum(o.sum_y2)::text AS sum_y2,
            coalesce(max(p.revenue), 0)::text AS in_period
       FROM campaign_arm_outcome o LEFT JOIN period p ON p.campaign_id = o.campaign_id AND p.arm = o.arm
      WHERE o.workspace_id = $1 AND o.slice_kind = 'all' AND o.campaign_id IN (SELECT campaign_id FROM period)
      GROUP BY o.campaign_id, o.arm`,
    [workspaceId, from, to],
  );
  const byCampaign = new Map<number, Partial<Record<"control" | "treatment", { n: number; sumY: number; sumY2: number; inPeriod: number }>>>();
  for (const r of rows) {
    const c = byCampaign.get(r.campaign_id) ?? {};
    c[r.arm] = { n: r.n, sumY: Number(r.sum_y), sumY2: Number(r.sum_y2), inPeriod: Number(r.in_period) };
    byCampaign.set(r.campaign_id, c);
  }
  let estimate = 0;
  let variance = 0;
  let campaigns = 0;
  for (const arms of byCampaign.values()) {
    const c = arms.control;
    const t = arms.treatment;
    if (!c || !t || c.n < MIN_CUSTOMERS_PER_ARM || t.n < MIN_CUSTOMERS_PER_ARM) continue;
    campaigns++;
    const armVariance = (a: { n: number; sumY: number; sumY2: number; inPeriod: number }) => {
      const share = a.sumY > 0 ? Math.min(1, a.inPeriod / a.sumY) : 0;
      const mean = a.inPeriod / a.n;
      return Math.max(0, ((a.sumY2 * share) / a.n - mean * mean) * (a.n / (a.n - 1)));
    };
    estimate += (t.inPeriod / t.n - c.inPeriod / c.n) * t.n;
    variance += t.n * t.n * (armVariance(t) / t.n + armVariance(c) / c.n);
  }
  const half = normalQuantile(0.975) * Math.sqrt(variance);
  return { estimate, low: estimate - half, high: estimate + half, campaigns };
}
