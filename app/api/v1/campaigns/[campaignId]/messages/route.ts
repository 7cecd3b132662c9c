// Public API: GET a campaign's message log, newest first (?status=&customer=<external id or email>&after=<next>&limit=).
import { NextResponse } from "next/server";
import { messageListQuerySchema, parseCampaignId, queryParams } from "@/lib/campaigns/api/campaign-api.schema";
import { listMessagesOfCampaign } from "@/lib/campaigns/api/campaign-messages";
import { withApiKey } from "@/lib/next/api-key-route";

export const GET = withApiKey<{ campaignId: string }>("read", async (req, principal, params) => {
  const campaignId = parseCampaignId(params.campaignId);
  const query = messageListQuerySchema.parse(queryParams(req.url, ["status", "customer", "after", "limit"]));
  const page = await listMessagesOfCampaign(principal.workspaceId, campaignId, query);
  return NextResponse.json({ data: page.messages, next: page.next });
});
