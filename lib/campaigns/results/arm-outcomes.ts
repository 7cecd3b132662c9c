import { pool } from "../../db/pool.ts";

/**
 * Sufficient statistics of one arm (or one variant of the treatment): n
 * customers assigned, y = each one's revenue in the attribution window,
 * x = their revenue in the same-length period before assignment (CUPED).
 * lib/stats works from these; rates and means follow from them.
 */
export interface ArmSums {
  n: number;
  sumY: number;
  sumY2: number;
  sumX: number;
  sumX2: number;
  sumXY: number;
}

export interface ArmOutcome extends ArmSums {
  arm: "control" | "treatment";
  /** The treatment's variant; null for the control arm and for a campaign without variants. */
  variantKey: string | null;
  /** Customers with at least one order in their window. */
  converters: number;
  orders: number;
  unsubscribes: number;
}

export interface SliceOutcome extends ArmOutcome {
  slice: "rfm_segment" | "churn_band" | "clv_decile";
  /** The segment, band or decile (1–10) at assignment; "unknown" when the customer had no metrics. */
  value: string;
}

export interface ArmDay {
  arm: "control" | "treatment";
  variantKey: string | null;
  /** The order's day in the workspace's time zone (YYYY-MM-DD). */
  day: string;
  orders: number;
  /** Customers whose first order in their window fell on this day. */
  converters: number;
  revenue: number;
}

export interface CampaignArmOutcomes {
  arms: ArmOutcome[];
  slices: SliceOutcome[];
  daily: ArmDay[];
  /** When the worker last recomputed these rows; null before its first pass. */
  refreshedAt: string | null;
  /** Until when they can still move (the latest exposure plus the window). */
  windowEndsAt: string | null;
}

interface OutcomeRow {
  arm: "control" | "treatment";
  variant_key: string;
  slice_kind: string;
  slice_value: string;
  customers: number;
  converters: number;
  orders: number;
  sum_y: string;
  sum_y2: string;
  sum_x: string;
  sum_x2: string;
  sum_xy: string;
  unsubscribes: number;
}

function outcome(r: OutcomeRow): ArmOutcome {
  return {
    arm: r.arm,
    variantKey: r.variant_key === "" ? null : r.variant_key,
    n: r.customers,
    sumY: Number(r.sum_y),
    sumY2: Number(r.sum_y2),
    sumX: Number(r.sum_x),
    sumX2: Number(r.sum_x2),
    sumXY: Number(r.sum_xy),
    converters: r.converters,
    orders: r.orders,
    unsubscribes: r.unsubscribes,
  };
}

/** A campaign's per-arm results as the outcomes worker left them: reads its own rows only, never orders. */
export async function armOutcomes(workspaceId: number, campaignId: number): Promise<CampaignArmOutcomes> {
  const [outcomes, daily, state] = await Promise.all([
    pool.query<OutcomeRow>(
      `SELECT arm::text, variant_key, slice_kind, slice_value, customers, converters, orders, sum_y::text, sum_y2::text, sum_x::text, sum_x2::text, sum_xy::text, unsubscribes
         FROM campaign_arm_outcome WHERE campaign_id = $1 AND workspace_id = $2
        ORDER BY arm, variant_key, slice_kind, slice_value`,
      [campaignId, workspaceId],
    ),
    pool.query<{ arm: "control" | "treatment"; variant_key: string; day: string; orders: number; converters: number; revenue: string }>(
      `SELECT arm::text, variant_key, to_char(day, 'YYYY-MM-DD') AS day, orders, converters, revenue::text
         FROM campaign_arm_daily WHERE campaign_id = $1 AND workspace_id = $2 ORDER BY day, arm, variant_key`,
      [campaignId, workspaceId],
    ),
    pool.query<{ refreshed_at: Date; window_ends_at: Date | null }>(`SELECT refreshed_at, window_ends_at FROM campaign_outcome_state WHERE campaign_id = $1 AND workspace_id = $2`, [
      campaignId,
      workspaceId,
    ]),
  ]);
  return {
    arms: outcomes.rows.filter((r) => r.slice_kind === "all").map(outcome),
    slices: outcomes.rows
      .filter((r) => r.slice_kind !== "all")
      .map((r) => ({ ...outcome(r), slice: r.slice_kind as SliceOutcome["slice"], value: r.slice_value })),
    daily: daily.rows.map((r) => ({ arm: r.arm, variantKey: r.variant_key === "" ? null : r.variant_key, day: r.day, orders: r.orders, converters: r.converters, revenue: Number(r.revenue) })),
    refreshedAt: state.rows[0]?.refreshed_at.toISOString() ?? null,
    windowEndsAt: state.rows[0]?.window_ends_at?.toISOString() ?? null,
  };
}
