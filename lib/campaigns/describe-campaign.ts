import { formatDateTime } from "../format.ts";
import { storedScheduleSchema } from "./campaign.schema.ts";
import { campaignPolicySchema } from "./policy/contact-policy.schema.ts";

/** When and to whom a campaign sends, in a sentence (the campaign page's header). */
export function describeSchedule(schedule: unknown, segmentName: string, timeZone: string): string {
  const parsed = storedScheduleSchema.safeParse(schedule);
  if (!parsed.success) return `Sends to “${segmentName}”.`;
  const stored = parsed.data;
  if ("broadcast" in stored) {
    const b = stored.broadcast;
    if (b.mode === "now") return `Sends once to everyone in “${segmentName}” as soon as it is launched.`;
    if (b.mode === "at") return `Sends once to everyone in “${segmentName}” at ${formatDateTime(new Date(b.at), timeZone)} (${timeZone}).`;
    return `Sends once to everyone in “${segmentName}” on ${b.date} at ${b.time} in each customer's own time zone.`;
  }
  const verb = stored.trigger.type === "segment_entry" ? "enters" : "leaves";
  const again = stored.reeligibility.mode === "once" ? "once per customer" : `again once ${stored.reeligibility.days} days have passed since their last message from this campaign`;
  return `Sends to each customer who ${verb} “${segmentName}” after launch, ${again}.`;
}

/** The campaign's own policy as short phrases; what it leaves to the workspace's contact policy says so. */
export function describePolicy(policy: unknown): string[] {
  const parsed = campaignPolicySchema.safeParse(policy ?? {});
  if (!parsed.success) return ["Workspace contact policy"];
  const p = parsed.data;
  return [
    `Priority ${p.priority}`,
    p.exemptFromCap ? "Exempt from the frequency cap" : "Counts toward the frequency cap",
    p.expiryHours === null ? "Expiry: the workspace's" : `Waiting messages expire after ${p.expiryHours} h`,
    p.ignoreQuietHours ? "Ignores quiet hours" : "Waits for quiet hours to end",
  ];
}
