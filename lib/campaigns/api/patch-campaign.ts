import { getCampaign } from "../list-campaigns.ts";
import type { CampaignActor } from "../campaign-record.ts";
import type { CampaignDetail } from "../campaign-views.ts";
import { updateCampaign } from "../update-campaign.ts";
import type { CampaignPatch } from "./campaign-api.schema.ts";
import { storedCampaignInput } from "./stored-campaign-input.ts";
import { withCurrentState } from "./with-current-state.ts";

/**
 * Changes the fields a client names and keeps the rest, through the same
 * save as the editor (updateCampaign: drafts and approved campaigns in full,
 * paused ones in name, template and policy). The save is held to the version
 * the fields were read at, or to the client's `expectedVersion`, so a change
 * laid over a stale read never overwrites someone else's save: it is a 409
 * carrying the campaign as it now is.
 */
export async function patchCampaign(workspaceId: number, actor: CampaignActor, campaignId: number, patch: CampaignPatch): Promise<CampaignDetail> {
  const { expectedVersion, ...fields } = patch;
  const current = await getCampaign(workspaceId, campaignId);
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  await withCurrentState(workspaceId, campaignId, () =>
    updateCampaign(workspaceId, actor, campaignId, { ...storedCampaignInput(current), ...given }, expectedVersion ?? current.version),
  );
  return getCampaign(workspaceId, campaignId);
}
