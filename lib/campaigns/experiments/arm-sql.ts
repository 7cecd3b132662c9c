import type { ChannelKind } from "../../channels/channel.ts";
import type { SqlParams } from "../../segments/sql-params.ts";
import { BUCKETS } from "./bucket.ts";

/** What planning needs to split an occurrence's eligible customers into arms. */
export interface PlanArms {
  workspaceId: number;
  campaignId: number;
  /** The campaign's salt: a customer's bucket is valueloop_bucket(salt, customer id). */
  salt: string;
  controlPercent: number;
  attributionDays: number;
  /** Treatment variants in order, weights summing to 100; empty for a single treatment. */
  variants: { key: string; weight: number; channel: ChannelKind; sendOffsetMinutes: number }[];
  /** The workspace's global control group; null when the campaign is exempt. */
  globalControl: { percent: number; salt: string } | null;
  /** The automatic winner once decided: every new treatment customer gets it. */
  winnerKey?: string | null;
}

/**
 * SQL pieces that give each candidate customer (`c`) of a planning statement
 * an arm, a variant, the channel and send-time offset that follow from them,
 * and whether they are in the global control group; and the data-modifying
 * CTE that appends new assignments to the ledger.
 *
 * One bucket decides everything: buckets below controlPercent × 100 are the
 * control arm; the rest (the treatment) are split between the variants in
 * proportion to their weights, in order. A customer already in the ledger
 * keeps the arm and variant recorded there, whatever the settings say now,
 * so a re-eligible customer never changes arm and nobody who was sent the
 * campaign ever lands in its control group.
 */
export function armSql(p: SqlParams, arms: PlanArms, campaignChannel: ChannelKind): { joins: string; ledger: (p: SqlParams, inserted: string) => string } {
  const campaignId = p.add(arms.campaignId, "int4");
  const controlBucketCount = arms.controlPercent * (BUCKETS / 100);
  const treatmentBuckets = BUCKETS - controlBucketCount;
  const controlBuckets = p.add(controlBucketCount, "int4");
  let cumulative = 0;
  const variantCase =
    arms.variants.length === 0
      ? "NULL::text"
      : arms.winnerKey
        ? `${p.add(arms.winnerKey, "text")}::text`
        : `CASE ${arms.variants
          .map((v, i) => {
            cumulative += v.weight;
            // Integer comparison: (bucket − control) / treatment < cumulative weight / 100.
            return i === arms.variants.length - 1
              ? `ELSE ${p.add(v.key, "text")}`
              : `WHEN (b.bucket - ${controlBuckets}) * 100 < ${p.add(cumulative * treatmentBuckets, "int4")} THEN ${p.add(v.key, "text")}`;
          })
          .join(" ")} END`;
  const byVariant = (value: (v: PlanArms["variants"][number]) => string, otherwise: string) =>
    arms.variants.length === 0 ? otherwise : `CASE rv.variant_key ${arms.variants.map((v) => `WHEN ${p.add(v.key, "text")} THEN ${value(v)}`).join(" ")} ELSE ${otherwise} END`;
  const channel = byVariant((v) => `${p.add(v.channel, "text")}::"ChannelKind"`, `${p.add(campaignChannel, "text")}::"ChannelKind"`);
  // The control arm is held out at the campaign's own time; a variant's offset applies to its customers only.
  const offset = `CASE WHEN ra.arm = 'treatment' THEN ${byVariant((v) => p.add(v.sendOffsetMinutes, "int4"), "0")} ELSE 0 END`;
  const inGlobalControl = arms.globalControl
    ? `valueloop_bucket(${p.add(arms.globalControl.salt, "text")}, c.id) < ${p.add(arms.globalControl.percent * (BUCKETS / 100), "int4")}`
    : "false";

  // OFFSET 0 keeps each step a subquery of its own: pulled up, its expression would be copied into every
  // reference (the bucket's md5 computed dozens of times per customer through the nested CASEs).
  const joins = `
      LEFT JOIN campaign_assignment prior ON prior.campaign_id = ${campaignId} AND prior.customer_id = c.id
      CROSS JOIN LATERAL (SELECT valueloop_bucket(${p.add(arms.salt, "text")}, c.id) AS bucket OFFSET 0) b
      CROSS JOIN LATERAL (SELECT coalesce(prior.arm, CASE WHEN b.bucket < ${controlBuckets} THEN 'control' ELSE 'treatment' END::"CampaignArm") AS arm OFFSET 0) ra
      CROSS JOIN LATERAL (SELECT CASE WHEN prior.customer_id IS NOT NULL THEN prior.variant_key WHEN ra.arm = 'treatment' THEN ${variantCase} END AS variant_key OFFSET 0) rv
      CROSS JOIN LATERAL (SELECT ra.arm, rv.variant_key, ${channel} AS channel, ${offset} AS offset_minutes,
                                 ${inGlobalControl} AS in_global_control, prior.customer_id IS NOT NULL AS assigned_before OFFSET 0) r`;

  const ledger = (q: SqlParams, inserted: string) => {
    const ws = q.add(arms.workspaceId, "int4");
    return `clv_deciles AS MATERIALIZED (
      SELECT percentile_disc(ARRAY[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) WITHIN GROUP (ORDER BY predicted_clv_12m) AS thresholds
        FROM customer_metrics WHERE workspace_id = ${ws} AND predicted_clv_12m IS NOT NULL
    ),
    assigned AS (
      INSERT INTO campaign_assignment (campaign_id, customer_id, workspace_id, arm, variant_key, message_id, rfm_segment, churn_band, clv_decile, pre_revenue)
      SELECT ${q.add(arms.campaignId, "int4")}, o.customer_id, ${ws}, o.arm, o.variant_key, o.id, cm.rfm_segment, cm.churn_risk_band,
             CASE WHEN cm.predicted_clv_12m IS NOT NULL THEN width_bucket(cm.predicted_clv_12m, (SELECT thresholds FROM clv_deciles)) + 1 END,
             coalesce((SELECT sum(x.total) FROM customer_order x
                        WHERE x.workspace_id = ${ws} AND x.customer_id = o.customer_id AND order_status_counts(x.status)
                          AND x.placed_at >= now() - ${q.add(arms.attributionDays, "int4")} * interval '1 day' AND x.placed_at < now()), 0)
        FROM ${inserted} o LEFT JOIN customer_metrics cm ON cm.customer_id = o.customer_id
       WHERE o.arm IS NOT NULL
      ON CONFLICT (campaign_id, customer_id) DO NOTHING
    )`;
  };
  return { joins, ledger };
}
