import { z } from "zod";

/** Channels whose provider reports deliveries, bounces and complaints back to us (lib/channels/callback-secret.ts). */
export const CALLBACK_CHANNELS = ["email"] as const;
export type CallbackChannel = (typeof CALLBACK_CHANNELS)[number];

/** What the settings page sends to replace a channel's callback secret. */
export const rotateCallbackSecretSchema = z.object({
  channel: z.enum(CALLBACK_CHANNELS, "This channel takes no delivery reports."),
});
