import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { loadCampaignSetup } from "@/lib/campaigns/campaign-setup";
import { pageAccess } from "@/lib/next/page-access";
import { CampaignEditor } from "@/components/campaigns/campaign-editor";
import { CampaignSetupNeeded } from "@/components/campaigns/campaign-setup-needed";
import { emptyEditorState } from "@/components/campaigns/editor-model";
import { PageHeader } from "@/components/ui/page-header";
import { createCampaignAction } from "./actions";

export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "campaigns.write");
  const setup = await loadCampaignSetup(access.workspace.id);
  const channel = setup.channels.find((c) => c.configured)?.channel;
  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/w/${slug}/campaigns`} className="text-brand-600 hover:underline">
          ← Campaigns
        </Link>
      </div>
      <PageHeader title="New campaign" description="Saved as a draft: nothing is sent until you launch it from its page." />
      {setup.segments.length === 0 || !channel ? (
        <CampaignSetupNeeded slug={slug} setup={setup} canManageSettings={can(access.role, "settings.manage")} />
      ) : (
        <CampaignEditor
          slug={slug}
          timeZone={access.workspace.timezone}
          setup={setup}
          initial={{ ...emptyEditorState(), channel }}
          mode={{ kind: "create" }}
          save={createCampaignAction}
          canConfigureChannels={can(access.role, "settings.manage")}
        />
      )}
    </>
  );
}
