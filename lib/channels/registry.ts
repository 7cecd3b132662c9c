import type { ChannelKind } from "./channel.ts";
import { emailChannel } from "./email/email-channel.ts";
import { pushChannel } from "./push/push-channel.ts";
import { smsChannel } from "./sms/sms-channel.ts";
import { webhookChannel } from "./webhook/webhook-channel.ts";

/** Every channel that can send. Adding one is a folder beside these and an entry here. */
export const channels = {
  email: emailChannel,
  sms: smsChannel,
  push: pushChannel,
  webhook: webhookChannel,
} as const;

export type AvailableChannel = keyof typeof channels;

export function isAvailableChannel(kind: ChannelKind | string): kind is AvailableChannel {
  return Object.hasOwn(channels, kind);
}
