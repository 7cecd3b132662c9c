import { refreshArmOutcomes } from "../../lib/campaigns/results/refresh-arm-outcomes.ts";
import { decideAutoWinner } from "../../lib/campaigns/experiments/decide-auto-winner.ts";
import type { Processor } from "./registry.ts";

/** campaign.outcomes: recompute one campaign's per-arm outcome sums (idempotent), then decide its automatic winner if it has one. */
export const campaignOutcomes: Processor<"campaign.outcomes"> = async ({ workspaceId, campaignId }, ctx) => {
  const outcome = await refreshArmOutcomes(workspaceId, campaignId);
  await ctx.reportProgress(80);
  const winner = await decideAutoWinner(workspaceId, campaignId);
  await ctx.reportProgress(100);
  return { ...outcome, autoWinner: winner ? { kind: winner.kind, reason: winner.reason } : null };
};
