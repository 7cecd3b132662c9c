import { countLaunchPreview } from "../../lib/campaigns/launch-preview-count.ts";
import type { Processor } from "./registry.ts";

/** campaign.preview: count what launching the campaign would do, for the launch panel. */
export const campaignPreview: Processor<"campaign.preview"> = async ({ workspaceId, campaignId, version }) => ({ outcome: await countLaunchPreview(workspaceId, campaignId, version) });
