import { runOccurrence } from "../../lib/campaigns/delivery/run-occurrence.ts";
import type { Processor } from "./registry.ts";

/** campaign.occurrence: plan one occurrence's message rows and queue them (idempotent). */
export const campaignOccurrence: Processor<"campaign.occurrence"> = async ({ workspaceId, campaignId, occurrenceId }, ctx) => {
  const outcome = await runOccurrence(workspaceId, campaignId, occurrenceId);
  await ctx.reportProgress(100);
  return outcome;
};
