import type pg from "pg";
import type { ChannelKind } from "../../channels/channel.ts";
import type { PlanArms } from "./arm-sql.ts";
import { loadCampaignExperiment, variantChannel } from "./campaign-experiment.ts";
import { loadCampaignWinner } from "./decide-auto-winner.ts";
import { globalControlFor } from "./global-control.ts";

/** The campaign's arms as planning reads them, on the planning transaction's client. */
export async function loadPlanArms(client: pg.PoolClient, workspaceId: number, campaignId: number, campaignChannel: ChannelKind): Promise<PlanArms> {
  const experiment = await loadCampaignExperiment(client, workspaceId, campaignId);
  return {
    workspaceId,
    campaignId,
    salt: experiment.salt,
    controlPercent: experiment.controlPercent,
    attributionDays: experiment.attributionDays,
    variants: experiment.variants.map((v) => ({ key: v.key, weight: v.weight, channel: variantChannel(campaignChannel, v), sendOffsetMinutes: v.sendOffsetMinutes })),
    globalControl: await globalControlFor(client, workspaceId, experiment.exemptFromGlobalControl),
    winnerKey: (await loadCampaignWinner(client, workspaceId, campaignId))?.variantKey ?? null,
  };
}
