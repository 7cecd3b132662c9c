import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { loadCampaignSetup } from "@/lib/campaigns/campaign-setup";
import { getCampaign } from "@/lib/campaigns/list-campaigns";
import { orNotFound } from "@/lib/next/or-not-found";
import { pageAccess } from "@/lib/next/page-access";
import { parseRouteId } from "@/lib/route-id";
import { CampaignEditor } from "@/components/campaigns/campaign-editor";
import { editorStateFrom } from "@/components/campaigns/editor-model";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { updateCampaignAction } from "./actions";

export const metadata: Metadata = { title: "Edit campaign" };

const EDITABLE = new Set(["draft", "approved", "paused"]);

export default async function EditCampaignPage({ params }: { params: Promise<{ workspace: string; campaignId: string }> }) {
  const { workspace: slug, campaignId: raw } = await params;
  const access = await pageAccess(slug, "campaigns.write");
  const ws = access.workspace;
  const campaignId = await orNotFound(() => parseRouteId(raw, "Campaign"));
  const [campaign, setup] = await Promise.all([orNotFound(() => getCampaign(ws.id, campaignId)), loadCampaignSetup(ws.id)]);
  const back = `/w/${slug}/campaigns/${campaignId}`;
  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={back} className="text-brand-600 hover:underline">
          ← {campaign.name}
        </Link>
      </div>
      <PageHeader
        title={`Edit “${campaign.name}”`}
        description={campaign.status === "approved" ? "It was approved; saving a change returns it to draft for a new approval." : undefined}
      />
      {EDITABLE.has(campaign.status) ? (
        <CampaignEditor
          slug={slug}
          timeZone={ws.timezone}
          setup={setup}
          initial={editorStateFrom(campaign, ws.timezone)}
          mode={{ kind: "update", campaignId, version: campaign.version, paused: campaign.status === "paused" }}
          save={updateCampaignAction}
          canConfigureChannels={can(access.role, "settings.manage")}
        />
      ) : (
        <EmptyState title={`A ${campaign.status} campaign cannot be edited`}>
          {campaign.status === "active" || campaign.status === "scheduled" ? "Pause it first; then its name, template and policy can change." : "It has finished; create a new campaign instead."}
        </EmptyState>
      )}
    </>
  );
}
