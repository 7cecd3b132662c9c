"use server";

import { updateCampaignRequestSchema } from "@/lib/campaigns/campaign-actions.schema";
import { memberActor } from "@/lib/campaigns/campaign-actor";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { workspaceAction } from "@/lib/next/workspace-action";

// A save over a version other than the one the editor loaded is refused (CONFLICT), never merged.
export const updateCampaignAction = workspaceAction("campaigns.write", updateCampaignRequestSchema, async (input, access) => {
  const row = await updateCampaign(access.workspace.id, memberActor(access), input.campaignId, input, input.expectedVersion);
  return { id: row.id, version: row.version };
});
