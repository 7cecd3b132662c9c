import { refreshArmOutcomes } from "../../lib/campaigns/results/refresh-arm-outcomes.ts";
import type { Processor } from "./registry.ts";

/** campaign.outcomes: recompute one campaign's per-arm outcome sums (idempotent). */
export const campaignOutcomes: Processor<"campaign.outcomes"> = async ({ workspaceId, campaignId }, ctx) => {
  const outcome = await refreshArmOutcomes(workspaceId, campaignId);
  await ctx.reportProgress(100);
  return outcome;
};
