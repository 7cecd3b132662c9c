import { z } from "zod";

/** The bounds of each setting, shared with the settings form's schema (contact-policy-input.schema.ts). */
export const POLICY_LIMITS = {
  capMaxMessages: 100,
  capMaxDays: 90,
  expiryMaxHours: 24 * 30,
  maxRatePerSecond: 100_000,
} as const;

export const CLOCK_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const clock = z.string().regex(CLOCK_PATTERN, "A time is HH:MM on a 24-hour clock, e.g. 21:00.");
const rate = z.number().int().min(1).max(POLICY_LIMITS.maxRatePerSecond);

/**
 * A workspace's contact policy: the rules every campaign's messages pass
 * before they are queued (and again when they are claimed for sending).
 */
export const contactPolicySchema = z.object({
  /** At most `maxMessages` per channel per `perDays` days, counted in the customer's time zone; null: no cap. */
  frequencyCap: z
    .object({ maxMessages: z.number().int().min(1).max(100), perDays: z.number().int().min(1).max(90) })
    .nullable()
    .default(null),
  /** No message starts in this local window (customer's time zone, else the workspace's); messages wait for its end. May span midnight. */
  quietHours: z
    .object({ start: clock, end: clock })
    .refine((q) => q.start !== q.end, { message: "Quiet hours need different start and end times.", path: ["end"] })
    .nullable()
    .default(null),
  /** A message still waiting this long after its occurrence was due is dropped with reason "expired". */
  expiryHours: z.number().int().min(1).max(POLICY_LIMITS.expiryMaxHours).default(72),
  /** A campaign's first send needs an admin's approval. */
  requireApproval: z.boolean().default(false),
  /** Messages per second per channel for this workspace, shared by every worker process; absent: no limit. */
  ratePerSecond: z
    .object({ email: rate, webhook: rate, sms: rate, push: rate })
    .partial()
    .default({}),
});

export type ContactPolicy = z.infer<typeof contactPolicySchema>;

export const DEFAULT_CONTACT_POLICY: ContactPolicy = contactPolicySchema.parse({});

/** Per campaign: how it competes for a customer's cap and how long its messages may wait. */
export const campaignPolicySchema = z.object({
  /** Higher wins when campaigns compete for one customer's frequency cap. */
  priority: z.number().int().min(-100).max(100).default(0),
  /** Transactional messages: not held back by the cap and not counted in it. */
  exemptFromCap: z.boolean().default(false),
  /** Overrides the workspace's expiry for this campaign's messages. */
  expiryHours: z.number().int().min(1).max(POLICY_LIMITS.expiryMaxHours).nullable().default(null),
  /** Ignores quiet hours (e.g. an order receipt). */
  ignoreQuietHours: z.boolean().default(false),
});

export type CampaignPolicy = z.infer<typeof campaignPolicySchema>;
