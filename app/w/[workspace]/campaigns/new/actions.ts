"use server";

import { campaignInputSchema } from "@/lib/campaigns/campaign.schema";
import { memberActor } from "@/lib/campaigns/campaign-actor";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { workspaceAction } from "@/lib/next/workspace-action";

// The editor goes on to the campaign's own page, which reads it fresh: nothing to revalidate.
export const createCampaignAction = workspaceAction("campaigns.write", campaignInputSchema, async (input, access) => {
  const row = await createCampaign(access.workspace.id, memberActor(access), input);
  return { id: row.id, version: row.version };
});
