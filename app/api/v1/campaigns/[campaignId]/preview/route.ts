// Public API: GET what launching the campaign now would do: the audience, how many would be sent or deferred, and the rest skipped by reason.
import { NextResponse } from "next/server";
import { parseCampaignId } from "@/lib/campaigns/api/campaign-api.schema";
import { previewLaunch } from "@/lib/campaigns/launch-campaign";
import { withApiKey } from "@/lib/next/api-key-route";

export const GET = withApiKey<{ campaignId: string }>("read", async (_req, principal, params) => {
  return NextResponse.json({ data: await previewLaunch(principal.workspaceId, parseCampaignId(params.campaignId)) });
});
