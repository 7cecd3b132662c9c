import Link from "next/link";
import type { CampaignSetup } from "@/lib/campaigns/campaign-setup";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * What a workspace lacks before its first campaign, and where to get it: a
 * segment to send to, a channel to send over. Null when it has both.
 */
export function CampaignSetupNeeded({ slug, setup, canManageSettings }: { slug: string; setup: CampaignSetup; canManageSettings: boolean }) {
  const noSegment = setup.segments.length === 0;
  const noChannel = !setup.channels.some((c) => c.configured);
  if (!noSegment && !noChannel) return null;
  return (
    <div className="space-y-4">
      {noSegment ? (
        <EmptyState
          title="Create a segment first"
          action={
            <Link href={`/w/${slug}/segments/new`} className={buttonClasses("primary")}>
              New segment
            </Link>
          }
        >
          A campaign sends to the customers of a segment. Build one from RFM, predicted value or behaviour, or start from a template.
        </EmptyState>
      ) : null}
      {noChannel ? (
        <EmptyState
          title="Set up a channel"
          action={
            canManageSettings ? (
              <Link href={`/w/${slug}/settings/channels`} className={buttonClasses(noSegment ? "secondary" : "primary")}>
                Settings → Channels
              </Link>
            ) : undefined
          }
        >
          {canManageSettings
            ? "Campaigns go out over email (your SMTP server) or a webhook to your own system. Enter the settings and send yourself a test message."
            : "Campaigns go out over email or a webhook once an admin has set a channel up under Settings → Channels. Ask an admin of this workspace."}
        </EmptyState>
      ) : null}
    </div>
  );
}
