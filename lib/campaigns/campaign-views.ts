import type { TemplateContent } from "./templates/template-content.ts";
import type { ExperimentInput } from "./experiments/experiment.schema.ts";

/**
 * JSON shapes campaign pages, routes and the public API answer with. Plain
 * numbers and strings: bigint ids and dates are converted on the server.
 */

export type CampaignStatus = "draft" | "approved" | "scheduled" | "active" | "paused" | "completed" | "archived";
export type CampaignKind = "broadcast" | "recurring" | "triggered";
export type ChannelName = "email" | "webhook" | "sms" | "push";

export interface CampaignCounts {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
  /** Control-arm messages recorded as held out (never sent). */
  heldOut: number;
  delivered: number;
  /** Distinct messages opened by a person (machine opens left out). */
  opened: number;
  clicked: number;
  bounced: number;
  complained: number;
  unsubscribed: number;
  /** Skips and failures by reason code (lib/campaigns/policy/reasons.ts). */
  reasons: Record<string, number>;
  /** When these counts were taken (they are refreshed every few seconds while the campaign sends). */
  asOf: string | null;
}

export interface CampaignSummary {
  id: number;
  name: string;
  kind: CampaignKind;
  channel: ChannelName;
  status: CampaignStatus;
  segment: { id: number; name: string } | null;
  counts: CampaignCounts;
  lastActivityAt: string | null;
  launchedAt: string | null;
  updatedAt: string;
  createdAt: string;
}

export interface CampaignDetail extends CampaignSummary {
  content: TemplateContent;
  /** `{ broadcast: {...} }` or `{ trigger: {...}, reeligibility: {...} }` (lib/campaigns/campaign.schema.ts). */
  schedule: unknown;
  policy: unknown;
  version: number;
  approvedAt: string | null;
  completedAt: string | null;
  /** Sent and failed per hour. */
  series: { hour: string; sent: number; failed: number }[];
  /** Control group, attribution window, ROI inputs and variants (docs/experiments.md), with what to warn about. */
  experiment: ExperimentInput & { warnings: string[] };
}

export type MessageStatus = "queued" | "sending" | "sent" | "failed" | "skipped" | "held_out";

export interface MessageView {
  id: string;
  campaignId: number;
  customer: { id: string; externalId: string; email: string | null };
  channel: ChannelName;
  status: MessageStatus;
  /** Why it was skipped, deferred or failed: the code and the words for it. */
  reason: string | null;
  reasonText: string | null;
  detail: string | null;
  attempts: number;
  notBefore: string;
  sentAt: string | null;
  /** When a control-arm message was held out (the moment it would have been sent). */
  heldOutAt: string | null;
  createdAt: string;
}

export interface MessageEventView {
  kind: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface MessagePage {
  messages: MessageView[];
  /** Pass back as `after` for the next page; null at the end. */
  next: string | null;
}
