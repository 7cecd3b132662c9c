import { z } from "zod";
import { campaignPolicySchema } from "./policy/contact-policy.schema.ts";
import { templateContentSchema } from "./templates/template-content.ts";

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "A time is HH:MM on a 24-hour clock, e.g. 09:30.");

/** When a broadcast goes out: now, at an instant, or at a wall-clock time in each customer's own time zone. */
export const broadcastScheduleSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("now") }),
  z.object({ mode: z.literal("at"), at: z.iso.datetime({ offset: true, error: "Give the send time as an ISO date-time with its offset." }) }),
  z.object({ mode: z.literal("local"), date: z.iso.date("Give the date as YYYY-MM-DD."), time: clock }),
]);

/** What starts a triggered campaign's message to one customer. */
export const triggerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("segment_entry"), segmentId: z.number().int().positive() }),
  z.object({ type: z.literal("segment_exit"), segmentId: z.number().int().positive() }),
]);

/** Once ever, or again once `days` have passed since the customer's last message from this campaign. */
export const reeligibilitySchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("once") }),
  z.object({ mode: z.literal("after_days"), days: z.number().int().min(1).max(3650) }),
]);

const common = {
  name: z.string().trim().min(1, "Give the campaign a name.").max(200),
  content: templateContentSchema,
  policy: campaignPolicySchema.default(campaignPolicySchema.parse({})),
};

export const campaignInputSchema = z.discriminatedUnion("kind", [
  z.object({ ...common, kind: z.literal("broadcast"), segmentId: z.number().int().positive(), schedule: broadcastScheduleSchema }),
  z.object({ ...common, kind: z.literal("triggered"), trigger: triggerSchema, reeligibility: reeligibilitySchema.default({ mode: "once" }) }),
]);

export type CampaignInput = z.infer<typeof campaignInputSchema>;
export type BroadcastSchedule = z.infer<typeof broadcastScheduleSchema>;
export type Trigger = z.infer<typeof triggerSchema>;
export type Reeligibility = z.infer<typeof reeligibilitySchema>;

/** What is stored in campaign.schedule for each kind. */
export const storedScheduleSchema = z.union([
  z.object({ broadcast: broadcastScheduleSchema }),
  z.object({ trigger: triggerSchema, reeligibility: reeligibilitySchema }),
]);
