// Public API: POST starts sending a draft or approved campaign; a campaign already launched answers 409 with its current state (a retried launch sends nothing twice).
import { NextResponse } from "next/server";
import { apiKeyActor } from "@/lib/campaigns/api/api-key-actor";
import { parseCampaignId } from "@/lib/campaigns/api/campaign-api.schema";
import { changeCampaignStatus } from "@/lib/campaigns/api/change-campaign-status";
import { withApiKey } from "@/lib/next/api-key-route";

export const POST = withApiKey<{ campaignId: string }>("send", async (_req, principal, params) => {
  return NextResponse.json({ data: await changeCampaignStatus(principal.workspaceId, apiKeyActor(principal), parseCampaignId(params.campaignId), "launch") });
});
