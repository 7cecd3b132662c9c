import { z } from "zod";
import { textProblem } from "../../storable-text.ts";

function storable(what: string, max: number) {
  return z
    .string()
    .max(max, `${what} is at most ${max} characters.`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `${what} ${problem}.` });
    });
}

/**
 * One report from a channel's provider (docs/channels.md, "Delivery reports"):
 * the message it is about, by the provider's id or our idempotency key (the
 * email's Message-ID, with or without its angle brackets and domain).
 */
export const callbackReportSchema = z
  .object({
    type: z.enum(["delivered", "bounced", "complained"], "type must be delivered, bounced or complained."),
    messageId: storable("messageId", 500).pipe(z.string().trim().min(1, "messageId names the message the report is about.")),
    /** When it happened, as the provider saw it; default: when the report arrived. */
    at: z.iso.datetime({ offset: true, error: "at must be an ISO 8601 date-time with a time zone (2026-03-02T10:00:00Z)." }).optional(),
    bounceType: z.enum(["hard", "soft"], "bounceType must be hard or soft.").optional(),
    /** The provider's words (the SMTP reply, the complaint feedback type), kept on the event. */
    reason: storable("reason", 1000).optional(),
  })
  .refine((report) => report.type !== "bounced" || report.bounceType !== undefined, {
    path: ["bounceType"],
    message: "A bounce says whether it is hard (the address does not exist) or soft (try again later).",
  });

export type CallbackReport = z.infer<typeof callbackReportSchema>;
