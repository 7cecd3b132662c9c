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
  if ("recurrence" in stored) {
    const r = stored.recurrence;
    const when = r.every === "day" ? "every day" : r.every === "week" ? `every ${WEEKDAYS[r.weekday - 1]}` : `on day ${r.dayOfMonth} of every month`;
    return `Sends to everyone in “${segmentName}” ${when} at ${r.time} (${timeZone}).`;
  }
  const t = stored.trigger;
  const again = stored.reeligibility.mode === "once" ? "once per customer" : `again once ${stored.reeligibility.days} days have passed since their last message from this campaign`;
  const within = segmentName ? ` in “${segmentName}”` : "";
  switch (t.type) {
    case "segment_entry":
    case "segment_exit":
      return `Sends to each customer who ${t.type === "segment_entry" ? "enters" : "leaves"} “${segmentName}” after launch, ${again}.`;
    case "event":
      return `Sends to each customer${within} with a “${t.eventType}” event${t.property ? ` whose ${t.property.key} is ${String(t.property.equals)}` : ""} after launch, ${again}.`;
    case "churn_band_higher":
      return `Sends to each customer${within} whose churn risk rises to ${t.to === "high" ? "high" : t.to === "medium" ? "medium or high" : "a higher band"} at a CLV run after launch, ${again}.`;
    case "days_since_last_order":
      return `Checks daily at ${t.time} (${timeZone}) and sends to each customer${within} whose last order was ${t.days} days ago, ${again}.`;
    case "next_purchase_overdue":
      return `Checks daily at ${t.time} (${timeZone}) and sends to each customer${within} whose expected next purchase passed ${t.days} ${t.days === 1 ? "day" : "days"} ago without an order, ${again}.`;
    case "p_alive_below":
      return `Checks daily at ${t.time} (${timeZone}) and sends to each customer${within} whose P(alive) is below ${t.threshold}, ${again}.`;
    case "anniversary":
      return `Sends daily at ${t.time} (${timeZone}) to each customer${within} on the anniversary of ${t.of === "first_order" ? "their first order" : t.of === "signed_up" ? "their sign-up" : t.of}, ${again}.`;
  }
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

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
