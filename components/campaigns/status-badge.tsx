import type { CampaignStatus, MessageStatus } from "@/lib/campaigns/campaign-views";
import { Badge } from "@/components/ui/badge";

const CAMPAIGN: Record<CampaignStatus, { label: string; tone: "neutral" | "green" | "amber" | "red" | "blue" }> = {
  draft: { label: "Draft", tone: "neutral" },
  approved: { label: "Approved", tone: "blue" },
  scheduled: { label: "Scheduled", tone: "blue" },
  active: { label: "Active", tone: "green" },
  paused: { label: "Paused", tone: "amber" },
  completed: { label: "Completed", tone: "neutral" },
  archived: { label: "Archived", tone: "neutral" },
};

const MESSAGE: Record<MessageStatus, { label: string; tone: "neutral" | "green" | "amber" | "red" | "blue" }> = {
  queued: { label: "Queued", tone: "blue" },
  sending: { label: "Sending", tone: "blue" },
  sent: { label: "Sent", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  skipped: { label: "Skipped", tone: "amber" },
  held_out: { label: "Held out (control)", tone: "neutral" },
};

export const CAMPAIGN_STATUSES = Object.keys(CAMPAIGN) as CampaignStatus[];
export const MESSAGE_STATUSES = Object.keys(MESSAGE) as MessageStatus[];

export function campaignStatusLabel(status: CampaignStatus): string {
  return CAMPAIGN[status].label;
}

export function messageStatusLabel(status: MessageStatus): string {
  return MESSAGE[status].label;
}

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return <Badge tone={CAMPAIGN[status].tone}>{CAMPAIGN[status].label}</Badge>;
}

export function MessageStatusBadge({ status }: { status: MessageStatus }) {
  return <Badge tone={MESSAGE[status].tone}>{MESSAGE[status].label}</Badge>;
}
