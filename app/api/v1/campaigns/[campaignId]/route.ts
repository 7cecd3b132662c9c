// Public API: GET one campaign with its template, schedule, counts and hourly series; PATCH the fields given (the rest are kept).
import { NextResponse } from "next/server";
import { apiKeyActor } from "@/lib/campaigns/api/api-key-actor";
import { MAX_CAMPAIGN_BODY_BYTES, campaignPatchBodySchema, parseCampaignId } from "@/lib/campaigns/api/campaign-api.schema";
import { patchCampaign } from "@/lib/campaigns/api/patch-campaign";
import { getCampaign } from "@/lib/campaigns/list-campaigns";
import { withApiKey } from "@/lib/next/api-key-route";

export const GET = withApiKey<{ campaignId: string }>("read", async (_req, principal, params) => {
  return NextResponse.json({ data: await getCampaign(principal.workspaceId, parseCampaignId(params.campaignId)) });
});

export const PATCH = withApiKey(
  "write",
  async (_req, principal, params: { campaignId: string }, body) => {
    return NextResponse.json({ data: await patchCampaign(principal.workspaceId, apiKeyActor(principal), parseCampaignId(params.campaignId), body) });
  },
  { body: campaignPatchBodySchema, maxBodyBytes: MAX_CAMPAIGN_BODY_BYTES },
);
