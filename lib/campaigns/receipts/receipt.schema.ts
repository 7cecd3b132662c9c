import { z } from "zod";

/**
 * A delivery receipt for an SMS or a push notification, as the provider (or
 * a relay translating the provider's own callbacks) posts it:
 * `{ "type": "delivered" | "bounced", "messageId": "…", "at"?: ISO 8601,
 * "bounceType"?: "hard" | "soft", "reason"?: "…" }`. `messageId` is the
 * provider's id for the message (Twilio's `sid`, OneSignal's notification
 * id, FCM's message name) or, for providers that give none, the
 * `reference` ValueLoop sent (the message's idempotency key). Fields not
 * named here are ignored.
 */
export const receiptSchema = z
  .object({
    type: z.enum(["delivered", "bounced"], 'A receipt\'s type is "delivered" or "bounced".'),
    messageId: z.string("Name the message: messageId is the provider's id for it.").trim().min(1, "messageId is empty.").max(200),
    at: z.iso.datetime({ offset: true, error: "at must be an ISO 8601 date and time with its offset, e.g. 2026-12-04T12:00:00Z." }).optional(),
    /** hard: the address cannot receive messages (an SMS to a number that does not exist); soft: it could not this time. */
    bounceType: z.enum(["hard", "soft"], 'bounceType is "hard" or "soft".').optional(),
    reason: z.string().max(500, "reason has at most 500 characters.").optional(),
  })
  .refine((receipt) => receipt.type === "bounced" || receipt.bounceType === undefined, { path: ["bounceType"], message: "Only a bounced receipt has a bounceType." });

export type Receipt = z.infer<typeof receiptSchema>;
