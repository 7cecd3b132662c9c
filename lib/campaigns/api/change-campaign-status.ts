import type { CampaignActor } from "../campaign-record.ts";
import { archiveCampaign, pauseCampaign, resumeCampaign } from "../campaign-status.ts";
import type { CampaignDetail } from "../campaign-views.ts";
import { launchCampaign } from "../launch-campaign.ts";
import { getCampaign } from "../list-campaigns.ts";
import { withCurrentState } from "./with-current-state.ts";

const CHANGES = {
  launch: (workspaceId: number, actor: CampaignActor, campaignId: number) => launchCampaign(workspaceId, actor, campaignId),
  pause: pauseCampaign,
  resume: resumeCampaign,
  archive: archiveCampaign,
} as const;

export type CampaignStatusChange = keyof typeof CHANGES;

/**
 * Launches, pauses, resumes or archives a campaign and answers with it as it
 * now is. None of these changes can happen twice: each needs the status the
 * previous one left behind (a launch needs a draft or approved campaign), so
 * a repeated request is a 409 carrying the current campaign.
 */
export async function changeCampaignStatus(workspaceId: number, actor: CampaignActor, campaignId: number, change: CampaignStatusChange): Promise<CampaignDetail> {
  await withCurrentState(workspaceId, campaignId, () => CHANGES[change](workspaceId, actor, campaignId));
  return getCampaign(workspaceId, campaignId);
}
