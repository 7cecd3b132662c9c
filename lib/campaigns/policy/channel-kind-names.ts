import type { ChannelKind } from "../../channels/channel.ts";

/**
 * Every channel kind a policy or suppression can name, in the order the
 * settings pages list them, with the name they show. Policies and
 * suppression lists cover channels a workspace has not set up (yet), so this
 * is every kind, not only the channels in the registry.
 */
export const CHANNEL_KINDS = ["email", "sms", "push", "webhook"] as const satisfies readonly ChannelKind[];

export const CHANNEL_KIND_NAMES: Record<ChannelKind, string> = {
  email: "Email",
  sms: "SMS",
  push: "Push",
  webhook: "Webhook",
};
