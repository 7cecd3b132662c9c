import { pool } from "../../db/pool.ts";
import { AppError } from "../../errors.ts";
import type { AutoWinnerInput } from "../experiments/experiment.schema.ts";
import { loadCampaignWinner, type CampaignWinnerView } from "../experiments/decide-auto-winner.ts";
import { armOutcomes } from "./arm-outcomes.ts";
import { campaignResults, type CampaignResults } from "./campaign-results.ts";

export interface CampaignResultsView extends CampaignResults {
  campaignId: number;
  currency: string;
  timezone: string;
  attributionDays: number;
  /** When the outcomes worker last recomputed the sums; null before its first pass. */
  refreshedAt: string | null;
  windowEndsAt: string | null;
  /** The automatic-winner setting (null: off) and, once decided, the decision with its numbers. */
  autoWinner: AutoWinnerInput | null;
  winner: CampaignWinnerView | null;
}

/**
 * One campaign's results: the campaign's settings, its kept per-arm sums and
 * its message counts (campaign_stats), a handful of small rows whatever the
 * audience's size; never orders.
 */
export async function loadCampaignResults(workspaceId: number, campaignId: number): Promise<CampaignResultsView> {
  const [campaign, variants, outcomes, winner] = await Promise.all([
    pool.query<{
      control_percent: number;
      attribution_days: number;
      cost_per_message: string;
      gross_margin_percent: string | null;
      sent: number | null;
      currency: string;
      timezone: string;
      auto_winner_min_per_variant: number | null;
      auto_winner_metric: "revenue" | "conversion" | null;
    }>(
      `SELECT c.control_percent, c.attribution_days, c.cost_per_message::text, c.gross_margin_percent::text, s.sent, w.currency, w.timezone,
              c.auto_winner_min_per_variant, c.auto_winner_metric
         FROM campaign c JOIN workspace w ON w.id = c.workspace_id LEFT JOIN campaign_stats s ON s.campaign_id = c.id
        WHERE c.id = $1 AND c.workspace_id = $2`,
      [campaignId, workspaceId],
    ),
    pool.query<{ key: string; name: string; weight: number }>(`SELECT key, name, weight FROM campaign_variant WHERE campaign_id = $1 AND workspace_id = $2 ORDER BY position`, [campaignId, workspaceId]),
    armOutcomes(workspaceId, campaignId),
    loadCampaignWinner(pool, workspaceId, campaignId),
  ]);
  const c = campaign.rows[0];
  if (!c) throw new AppError("NOT_FOUND", "No such campaign");
  const results = campaignResults(
    outcomes,
    {
      controlPercent: c.control_percent,
      variants: variants.rows,
      costPerMessage: Number(c.cost_per_message),
      grossMarginPercent: c.gross_margin_percent === null ? null : Number(c.gross_margin_percent),
      messagesSent: c.sent ?? 0,
    },
    c.currency.trim(),
  );
  return { ...results, campaignId, currency: c.currency.trim(), timezone: c.timezone, attributionDays: c.attribution_days, refreshedAt: outcomes.refreshedAt,
    windowEndsAt: outcomes.windowEndsAt,
    autoWinner: c.auto_winner_min_per_variant === null ? null : { minCustomersPerVariant: c.auto_winner_min_per_variant, metric: c.auto_winner_metric ?? "revenue" },
    winner,
  };
}
