// Public API: GET one message of a campaign with its decision, reason and events in order.
import { NextResponse } from "next/server";
import { parseCampaignId } from "@/lib/campaigns/api/campaign-api.schema";
import { getMessageOfCampaign } from "@/lib/campaigns/api/campaign-messages";
import { withApiKey } from "@/lib/next/api-key-route";

export const GET = withApiKey<{ campaignId: string; messageId: string }>("read", async (_req, principal, params) => {
  return NextResponse.json({ data: await getMessageOfCampaign(principal.workspaceId, parseCampaignId(params.campaignId), params.messageId) });
});
