// Public API: GET the workspace's campaigns, most recently changed first (?status=&after=<next>&limit=); POST a new draft campaign.
import { NextResponse } from "next/server";
import { apiKeyActor } from "@/lib/campaigns/api/api-key-actor";
import { MAX_CAMPAIGN_BODY_BYTES, campaignCreateBodySchema, campaignListQuerySchema, queryParams } from "@/lib/campaigns/api/campaign-api.schema";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { getCampaign, listCampaigns } from "@/lib/campaigns/list-campaigns";
import { withApiKey } from "@/lib/next/api-key-route";

export const GET = withApiKey("read", async (req, principal) => {
  const query = campaignListQuerySchema.parse(queryParams(req.url, ["status", "after", "limit"]));
  const page = await listCampaigns(principal.workspaceId, query);
  return NextResponse.json({ data: page.campaigns, next: page.next });
});

export const POST = withApiKey(
  "write",
  async (req, principal, _params, body) => {
    const created = await createCampaign(principal.workspaceId, apiKeyActor(principal), body);
    return NextResponse.json({ data: await getCampaign(principal.workspaceId, created.id) }, { status: 201, headers: { location: `${req.nextUrl.origin}/api/v1/campaigns/${created.id}` } });
  },
  { body: campaignCreateBodySchema, maxBodyBytes: MAX_CAMPAIGN_BODY_BYTES },
);
