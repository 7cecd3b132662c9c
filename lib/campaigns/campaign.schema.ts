import { z } from "zod";
import { INT4_MAX } from "../route-id.ts";
import { campaignPolicySchema } from "./policy/contact-policy.schema.ts";
import { templateContentSchema } from "./templates/template-content.ts";
import { DEFAULT_EXPERIMENT, experimentInputSchema } from "./experiments/experiment.schema.ts";

/** A segment id: a whole number within the id column's range (a larger one could not exist and would only fail in the query). */
const segmentIdSchema = z.number().int().positive().max(INT4_MAX, "That segment does not exist in this workspace.");

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "A time is HH:MM on a 24-hour clock, e.g. 09:30.");

/** When a broadcast goes out: now, at an instant, or at a wall-clock time in each customer's own time zone. */
export const broadcastScheduleSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("now") }),
  z.object({ mode: z.literal("at"), at: z.iso.datetime({ offset: true, error: "Give the send time as an ISO date-time with its offset." }) }),
  z.object({ mode: z.literal("local"), date: z.iso.date("Give the date as YYYY-MM-DD."), time: clock }),
]);

/** A repeating broadcast to a segment, at a wall-clock time in the workspace's time zone. */
export const recurrenceSchema = z.discriminatedUnion("every", [
  z.object({ every: z.literal("day"), time: clock }),
  /** 1 = Monday … 7 = Sunday (ISO). */
  z.object({ every: z.literal("week"), weekday: z.number().int().min(1).max(7), time: clock }),
  /** Days 29–31 do not exist in every month, so a monthly send picks 1–28. */
  z.object({ every: z.literal("month"), dayOfMonth: z.number().int().min(1).max(28), time: clock }),
]);

const dailyTime = clock.default("10:00");

/**
 * What starts a triggered campaign's message to one customer. Segment and
 * event triggers fire as their rows arrive; the others are checked once a
 * day at `time` in the workspace's time zone.
 */
export const triggerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("segment_entry"), segmentId: segmentIdSchema }),
  z.object({ type: z.literal("segment_exit"), segmentId: segmentIdSchema }),
  z.object({
    type: z.literal("event"),
    eventType: z.string().trim().min(1, "Name the event type.").max(200),
    /** Only events whose property `key` equals this value (compared as text). */
    property: z.object({ key: z.string().trim().min(1).max(200), equals: z.union([z.string().max(1000), z.number(), z.boolean()]) }).optional(),
  }),
  /** Exactly `days` days (calendar days in the workspace's zone) after the customer's last order. */
  z.object({ type: z.literal("days_since_last_order"), days: z.number().int().min(1).max(3650), time: dailyTime }),
  /**
   * Exactly `days` calendar days after the day the customer's next purchase was due (docs/next-purchase.md),
   * unless they ordered since the last purchase the CLV run saw.
   */
  z.object({
    type: z.literal("next_purchase_overdue"),
    days: z.number().int("Use a whole number of days.").min(1, "At least 1 day past the expected purchase.").max(3650, "At most 3650 days (10 years)."),
    time: dailyTime,
  }),
  /** Once a customer's P(alive) (from the latest CLV run) is below `threshold`. */
  z.object({ type: z.literal("p_alive_below"), threshold: z.number().gt(0).lt(1), time: dailyTime }),
  /**
   * When a CLV run moves a customer to a higher churn-risk band (low -> medium -> high); with `to`, only moves
   * that reach at least that band. Fires as runs publish, like segment triggers.
   */
  z.object({ type: z.literal("churn_band_higher"), to: z.enum(["medium", "high"]).optional() }),
  /** On the yearly return of a date: the first order, the sign-up, or a date attribute (e.g. attributes.birthday). Feb 29 falls on Feb 28 in other years. */
  z.object({
    type: z.literal("anniversary"),
    of: z.union([z.literal("first_order"), z.literal("signed_up"), z.string().regex(/^attributes\.[A-Za-z0-9_-]{1,100}$/, "Use first_order, signed_up or attributes.<name>.")]),
    time: dailyTime,
  }),
]);

/** Triggers checked once a day rather than as rows arrive. */
export const DAILY_TRIGGERS = ["days_since_last_order", "next_purchase_overdue", "p_alive_below", "anniversary"] as const;

/** Once ever, or again once `days` have passed since the customer's last message from this campaign. */
export const reeligibilitySchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("once") }),
  z.object({ mode: z.literal("after_days"), days: z.number().int().min(1).max(3650) }),
]);

const common = {
  name: z.string().trim().min(1, "Give the campaign a name.").max(200),
  content: templateContentSchema,
  policy: campaignPolicySchema.default(campaignPolicySchema.parse({})),
  /** Control group, attribution window, ROI inputs and A/B/n variants; defaults: 10 % control, 7 days, no variants. */
  experiment: experimentInputSchema.default(DEFAULT_EXPERIMENT),
};

export const campaignInputSchema = z.discriminatedUnion("kind", [
  z.object({ ...common, kind: z.literal("broadcast"), segmentId: segmentIdSchema, schedule: broadcastScheduleSchema }),
  z.object({ ...common, kind: z.literal("recurring"), segmentId: segmentIdSchema, recurrence: recurrenceSchema }),
  z.object({
    ...common,
    kind: z.literal("triggered"),
    trigger: triggerSchema,
    /** For triggers other than segment ones: only customers in this segment (optional). */
    segmentId: segmentIdSchema.nullable().optional(),
    reeligibility: reeligibilitySchema.default({ mode: "once" }),
  }),
]);

export type CampaignInput = z.infer<typeof campaignInputSchema>;
export type BroadcastSchedule = z.infer<typeof broadcastScheduleSchema>;
export type Trigger = z.infer<typeof triggerSchema>;
export type Reeligibility = z.infer<typeof reeligibilitySchema>;
export type Recurrence = z.infer<typeof recurrenceSchema>;

/** What is stored in campaign.schedule for each kind. */
export const storedScheduleSchema = z.union([
  z.object({ broadcast: broadcastScheduleSchema }),
  z.object({ recurrence: recurrenceSchema }),
  z.object({ trigger: triggerSchema, reeligibility: reeligibilitySchema }),
]);
