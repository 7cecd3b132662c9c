import { CHANNEL_LABELS } from "../channels/channel-labels.ts";
import { listChannelSettings } from "../channels/list-channel-settings.ts";
import { listSegments } from "../segments/list-segments.ts";
import type { ChannelName } from "./campaign-views.ts";

export interface SetupSegment {
  id: number;
  name: string;
  /** Members at the last refresh; null before the first one. */
  size: number | null;
}

export interface SetupChannel {
  channel: ChannelName;
  name: string;
  /** Saved settings exist: a campaign on this channel can launch. */
  configured: boolean;
}

/** What campaigns are built from: the workspace's active segments and each channel with whether it is set up. */
export interface CampaignSetup {
  segments: SetupSegment[];
  channels: SetupChannel[];
}

/** Every channel a template can be written for, in the order the editor offers them. */
const TEMPLATE_CHANNELS: readonly ChannelName[] = ["email", "sms", "push", "webhook"];

// Channels a template exists for but no sender is registered yet: named, never configured.
const FALLBACK_NAMES: Record<ChannelName, string> = { email: "Email", sms: "SMS", push: "Push", webhook: "Webhook" };

export async function loadCampaignSetup(workspaceId: number): Promise<CampaignSetup> {
  const [segments, summaries] = await Promise.all([listSegments(workspaceId), listChannelSettings(workspaceId)]);
  const configured = new Map(summaries.map((s) => [s.channel as ChannelName, s.settings !== null]));
  return {
    segments: segments.map((s) => ({ id: s.id, name: s.name, size: s.lastRefreshedAt ? s.size : null })),
    channels: TEMPLATE_CHANNELS.map((channel) => ({
      channel,
      name: (CHANNEL_LABELS as Partial<Record<ChannelName, { name: string }>>)[channel]?.name ?? FALLBACK_NAMES[channel],
      configured: configured.get(channel) ?? false,
    })),
  };
}
