import { z } from "zod";
import { CHANNEL_KINDS } from "./channel-kind-names.ts";
import { CLOCK_PATTERN, POLICY_LIMITS, contactPolicySchema, type ContactPolicy } from "./contact-policy.schema.ts";

/** A whole number typed into a form field (sent as text), with one message for every way it can be wrong. */
function wholeNumber(min: number, max: number, message: string) {
  return z.coerce.number(message).int(message).min(min, message).max(max, message);
}

const CLOCK_MESSAGE = "Enter a time as HH:MM on a 24-hour clock, e.g. 21:00.";
const clock = z.string(CLOCK_MESSAGE).trim().regex(CLOCK_PATTERN, CLOCK_MESSAGE);

// An empty field means no limit.
const rate = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? null : value),
  wholeNumber(1, POLICY_LIMITS.maxRatePerSecond, `Enter 1–${POLICY_LIMITS.maxRatePerSecond} messages per second, or leave it empty for no limit.`).nullable(),
);

/**
 * What the contact policy form sends: every setting present, a switched-off
 * setting as null (no cap, no quiet hours, no rate limit on a channel).
 * Numbers may arrive as typed text. Errors name the field they belong to
 * (`frequencyCap.perDays`, `quietHours.end`, `ratePerSecond.sms`).
 */
export const contactPolicyInputSchema = z.object({
  frequencyCap: z
    .object({
      maxMessages: wholeNumber(1, POLICY_LIMITS.capMaxMessages, `Enter how many messages, 1–${POLICY_LIMITS.capMaxMessages}.`),
      perDays: wholeNumber(1, POLICY_LIMITS.capMaxDays, `Enter a number of days, 1–${POLICY_LIMITS.capMaxDays}.`),
    })
    .nullable(),
  quietHours: z
    .object({ start: clock, end: clock })
    .refine((q) => q.start !== q.end, { message: "Quiet hours need different start and end times.", path: ["end"] })
    .nullable(),
  expiryHours: wholeNumber(1, POLICY_LIMITS.expiryMaxHours, `Enter a number of hours, 1–${POLICY_LIMITS.expiryMaxHours} (30 days).`),
  requireApproval: z.boolean("Choose whether campaigns need an admin's approval."),
  ratePerSecond: z.object({ email: rate, sms: rate, push: rate, webhook: rate }),
});

export type ContactPolicyInput = z.input<typeof contactPolicyInputSchema>;
export type ParsedContactPolicyInput = z.output<typeof contactPolicyInputSchema>;

/** The stored policy the form's input describes (an unlimited channel has no rate entry). */
export function contactPolicyFromInput(input: ParsedContactPolicyInput): ContactPolicy {
  const ratePerSecond: ContactPolicy["ratePerSecond"] = {};
  for (const channel of CHANNEL_KINDS) {
    const perSecond = input.ratePerSecond[channel];
    if (perSecond !== null) ratePerSecond[channel] = perSecond;
  }
  return contactPolicySchema.parse({ ...input, ratePerSecond });
}

/** The form's view of a stored policy (every channel present; null: unlimited). */
export function contactPolicyToInput(policy: ContactPolicy): ParsedContactPolicyInput {
  return {
    frequencyCap: policy.frequencyCap,
    quietHours: policy.quietHours,
    expiryHours: policy.expiryHours,
    requireApproval: policy.requireApproval,
    ratePerSecond: { email: policy.ratePerSecond.email ?? null, sms: policy.ratePerSecond.sms ?? null, push: policy.ratePerSecond.push ?? null, webhook: policy.ratePerSecond.webhook ?? null },
  };
}
