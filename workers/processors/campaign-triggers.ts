import { sweepTriggers } from "../../lib/campaigns/delivery/trigger-sweep.ts";
import type { Processor } from "./registry.ts";

/** campaigns.triggers: a workspace's new transitions and events become triggered messages. */
export const campaignTriggers: Processor<"campaigns.triggers"> = async ({ workspaceId }) => ({ occurrences: await sweepTriggers(workspaceId) });
