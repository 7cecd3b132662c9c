import { AppError, isAppError } from "../../errors.ts";
import { getCampaign } from "../list-campaigns.ts";

/**
 * Runs a change to one campaign. A refusal because of the campaign's state
 * (409: launching an active campaign, pausing a paused one, a stale version)
 * carries the campaign as it is now in `details.campaign`. A client that
 * retries a request whose answer it lost (a launch that did go through) reads
 * from the 409 what happened, and nothing is done twice.
 */
export async function withCurrentState<T>(workspaceId: number, campaignId: number, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (!isAppError(err) || err.code !== "CONFLICT") throw err;
    throw new AppError("CONFLICT", err.message, { campaign: await getCampaign(workspaceId, campaignId) });
  }
}
