import type pg from "pg";
import { audit, type AuditMetadata } from "../../audit.ts";
import type { ChannelKind } from "../../channels/channel.ts";
import { withTransaction } from "../../db/transaction.ts";
import { decideWinner, type WinnerDecision } from "./auto-winner.ts";
import { loadCampaignExperiment, variantChannel } from "./campaign-experiment.ts";

export interface CampaignWinnerView {
  variantKey: string;
  metric: "revenue" | "conversion";
  decidedAt: string;
  switchedMessages: number;
  numbers: Extract<WinnerDecision, { kind: "winner" }>["numbers"];
}

type Queryable = Pick<pg.PoolClient, "query">;

/** The campaign's automatic winner, if one was decided. */
export async function loadCampaignWinner(db: Queryable, workspaceId: number, campaignId: number): Promise<CampaignWinnerView | null> {
  const { rows } = await db.query<{ variant_key: string; metric: "revenue" | "conversion"; decided_at: Date; switched_messages: number; numbers: CampaignWinnerView["numbers"] }>(
    `SELECT variant_key, metric, decided_at, switched_messages, numbers FROM campaign_winner WHERE campaign_id = $1 AND workspace_id = $2`,
    [campaignId, workspaceId],
  );
  const r = rows[0];
  return r ? { variantKey: r.variant_key, metric: r.metric, decidedAt: r.decided_at.toISOString(), switchedMessages: r.switched_messages, numbers: r.numbers } : null;
}

/**
 * The outcomes job's last step for a campaign with an automatic winner: from
 * the per-variant sums it has just written, decide (decideWinner); on a
 * winner, in one transaction with the campaign row locked, record the
 * decision and its numbers (campaign_winner), give the not-yet-sent treatment
 * messages on the winner's channel the winner's variant, and audit it.
 * Later planning sends every new treatment customer the winner (armSql).
 * Customers keep the arm and variant the ledger recorded: results stay
 * intention to treat. Decided once; a campaign no longer sending is left alone.
 */
export async function decideAutoWinner(workspaceId: number, campaignId: number): Promise<WinnerDecision | null> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ status: string; channel: ChannelKind; decided: boolean }>(
      `SELECT c.status::text, c.channel::text AS channel, EXISTS (SELECT 1 FROM campaign_winner w WHERE w.campaign_id = c.id) AS decided
         FROM campaign c WHERE c.id = $1 AND c.workspace_id = $2 AND c.auto_winner_min_per_variant IS NOT NULL FOR UPDATE`,
      [campaignId, workspaceId],
    );
    const campaign = rows[0];
    if (!campaign || campaign.decided || !["active", "paused", "scheduled"].includes(campaign.status)) return null;
    const experiment = await loadCampaignExperiment(client, workspaceId, campaignId);
    if (!experiment.autoWinner || experiment.variants.length < 2) return null;
    const { rows: sums } = await client.query<{ variant_key: string; n: number; converters: number; sum_y: string; sum_y2: string; sum_x: string; sum_x2: string }>(
      `SELECT variant_key, customers AS n, converters, sum_y::text, sum_y2::text, sum_x::text, sum_x2::text FROM campaign_arm_outcome
        WHERE campaign_id = $1 AND workspace_id = $2 AND arm = 'treatment' AND slice_kind = 'all' AND variant_key <> ''`,
      [campaignId, workspaceId],
    );
    const byKey = new Map(sums.map((r) => [r.variant_key, r]));
    const variants = experiment.variants.map((v) => {
      const r = byKey.get(v.key);
      return { key: v.key, n: r?.n ?? 0, converters: r?.converters ?? 0, sumY: Number(r?.sum_y ?? 0), sumY2: Number(r?.sum_y2 ?? 0), sumX: Number(r?.sum_x ?? 0), sumX2: Number(r?.sum_x2 ?? 0) };
    });
    const decision = decideWinner(variants, experiment.autoWinner);
    if (decision.kind !== "winner") return decision;
    const winner = experiment.variants.find((v) => v.key === decision.variantKey)!;
    const { rowCount } = await client.query(
      `UPDATE message SET variant_key = $3
        WHERE campaign_id = $1 AND workspace_id = $2 AND arm = 'treatment' AND status = 'queued' AND variant_key IS DISTINCT FROM $3 AND channel = $4::"ChannelKind"`,
      [campaignId, workspaceId, winner.key, variantChannel(campaign.channel, winner)],
    );
    const switched = rowCount ?? 0;
    await client.query(
      `INSERT INTO campaign_winner (campaign_id, workspace_id, variant_key, metric, numbers, switched_messages) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [campaignId, workspaceId, winner.key, decision.numbers.metric, JSON.stringify(decision.numbers), switched],
    );
    await audit(client, {
      workspaceId,
      action: "campaign.auto_winner",
      targetType: "campaign",
      targetId: String(campaignId),
      metadata: { variantKey: winner.key, reason: decision.reason, switchedMessages: switched, numbers: JSON.parse(JSON.stringify(decision.numbers)) as AuditMetadata },
    });
    return decision;
  });
}
