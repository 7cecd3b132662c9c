"use server";

import { campaignRefSchema, launchPreviewRequestSchema } from "@/lib/campaigns/campaign-actions.schema";
import { memberActor } from "@/lib/campaigns/campaign-actor";
import { approveCampaign, archiveCampaign, pauseCampaign, resumeCampaign } from "@/lib/campaigns/campaign-status";
import { launchCampaign } from "@/lib/campaigns/launch-campaign";
import { requestLaunchPreview } from "@/lib/campaigns/launch-preview-count";
import { workspaceAction } from "@/lib/next/workspace-action";

// The campaign page refreshes itself after each of these (router.refresh): nothing to revalidate here.

/**
 * What launching now would do: segment size, how many would be sent or
 * deferred, and the skips by reason. A worker counts it; the panel asks
 * again until the count is done. Sends nothing.
 */
export const previewLaunchAction = workspaceAction("campaigns.write", launchPreviewRequestSchema, async (input, access) => {
  return requestLaunchPreview(access.workspace.id, input.campaignId, { restart: input.restart });
});

export const launchCampaignAction = workspaceAction("campaigns.write", campaignRefSchema, async (input, access) => {
  const row = await launchCampaign(access.workspace.id, memberActor(access), input.campaignId);
  return { status: row.status };
});

export const approveCampaignAction = workspaceAction("campaigns.approve", campaignRefSchema, async (input, access) => {
  const row = await approveCampaign(access.workspace.id, memberActor(access), input.campaignId);
  return { status: row.status };
});

export const pauseCampaignAction = workspaceAction("campaigns.write", campaignRefSchema, async (input, access) => {
  const row = await pauseCampaign(access.workspace.id, memberActor(access), input.campaignId);
  return { status: row.status };
});

export const resumeCampaignAction = workspaceAction("campaigns.write", campaignRefSchema, async (input, access) => {
  const row = await resumeCampaign(access.workspace.id, memberActor(access), input.campaignId);
  return { status: row.status };
});

export const archiveCampaignAction = workspaceAction("campaigns.write", campaignRefSchema, async (input, access) => {
  const row = await archiveCampaign(access.workspace.id, memberActor(access), input.campaignId);
  return { status: row.status };
});
