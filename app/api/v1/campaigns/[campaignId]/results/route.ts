// Public API: GET a campaign's results: arms, variants, intervals, verdict, cumulative series and uplift by slice (docs/campaign-results.md).
import { NextResponse } from "next/server";
import { parseCampaignId } from "@/lib/campaigns/api/campaign-api.schema";
import { loadCampaignResults } from "@/lib/campaigns/results/load-campaign-results";
import { withApiKey } from "@/lib/next/api-key-route";

export const GET = withApiKey<{ campaignId: string }>("read", async (_req, principal, params) => {
  const campaignId = parseCampaignId(params.campaignId);
  return NextResponse.json({ data: await loadCampaignResults(principal.workspaceId, campaignId) });
});
