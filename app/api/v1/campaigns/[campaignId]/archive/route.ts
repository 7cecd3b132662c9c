// Public API: POST ends a campaign for good (what still waited is skipped with the reason "archived"); 409 with the current state for one already archived.
import { NextResponse } from "next/server";
import { apiKeyActor } from "@/lib/campaigns/api/api-key-actor";
import { parseCampaignId } from "@/lib/campaigns/api/campaign-api.schema";
import { changeCampaignStatus } from "@/lib/campaigns/api/change-campaign-status";
import { withApiKey } from "@/lib/next/api-key-route";

export const POST = withApiKey<{ campaignId: string }>("send", async (_req, principal, params) => {
  return NextResponse.json({ data: await changeCampaignStatus(principal.workspaceId, apiKeyActor(principal), parseCampaignId(params.campaignId), "archive") });
});
