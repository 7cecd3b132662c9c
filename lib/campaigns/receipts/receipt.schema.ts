import { z } from "zod";
import { textProblem } from "../../storable-text.ts";

/** Text a receipt carries into an event's detail: Postgres's jsonb holds no NUL or unpaired surrogate. */
function storable(what: string, max: number) {
  return z
    .string(`${what} must be text.`)
    .max(max, `${what} has at most ${max} characters.`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `${what} ${problem}.` });
    });
}

/**
 * A delivery report for an email, an SMS or a push notification, as the
 * provider (or a relay translating the provider's own callbacks) posts it:
 * `{ "type": "delivered" | "bounced" | "complained", "messageId": "…",
 * "at"?: ISO 8601, "bounceType"?: "hard" | "soft", "reason"?: "…" }`.
 * `messageId` is the provider's id for the message (Twilio's `sid`,
 * OneSignal's notification id, FCM's message name, an email relay's id) or
 * ValueLoop's own: the idempotency key sent as the SMS `reference` or as the
 * email's Message-ID (`<key@sender domain>`, brackets and domain optional).
 * Complaints (a recipient marking the mail as spam) are email's only. Fields
 * not named here are ignored.
 */
export const receiptSchema = z
  .object({
    type: z.enum(["delivered", "bounced", "complained"], 'A receipt\'s type is "delivered", "bounced" or "complained".'),
    messageId: storable("messageId", 500).pipe(z.string().trim().min(1, "messageId is empty: name the message the receipt is about.")),
    at: z.iso.datetime({ offset: true, error: "at must be an ISO 8601 date and time with its offset, e.g. 2026-12-04T12:00:00Z." }).optional(),
    /** hard: the address cannot receive messages (no such mailbox or number); soft: it could not this time. */
    bounceType: z.enum(["hard", "soft"], 'bounceType is "hard" or "soft".').optional(),
    reason: storable("reason", 500).optional(),
  })
  .refine((receipt) => receipt.type === "bounced" || receipt.bounceType === undefined, { path: ["bounceType"], message: "Only a bounced receipt has a bounceType." });

export type Receipt = z.infer<typeof receiptSchema>;
