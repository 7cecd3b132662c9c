import { CHANNEL_KINDS, CHANNEL_KIND_NAMES } from "./channel-kind-names.ts";
import type { ContactPolicy } from "./contact-policy.schema.ts";

/** Names of the settings a save reports as changed (save-contact-policy.ts keys). */
export function policySettingName(key: string): string {
  if (key.startsWith("ratePerSecond.")) {
    const channel = key.slice("ratePerSecond.".length) as (typeof CHANNEL_KINDS)[number];
    return `${CHANNEL_KIND_NAMES[channel] ?? channel} send rate`;
  }
  const names: Record<string, string> = { frequencyCap: "frequency cap", quietHours: "quiet hours", expiryHours: "expiry", requireApproval: "approval" };
  return names[key] ?? key;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** The policy in sentences, one per setting, for people who may read it but not change it. */
export function describeContactPolicy(policy: ContactPolicy, workspaceTimezone: string): { label: string; value: string }[] {
  const cap = policy.frequencyCap;
  const quiet = policy.quietHours;
  return [
    {
      label: "Frequency cap",
      value: cap ? `At most ${plural(cap.maxMessages, "message", "messages")} per customer and channel every ${plural(cap.perDays, "day", "days")}.` : "None: customers may get any number of messages.",
    },
    {
      label: "Quiet hours",
      value: quiet
        ? `${quiet.start}–${quiet.end} in each customer's time zone (${workspaceTimezone} for customers without one); messages wait until they end.`
        : "None: messages go out at any hour.",
    },
    { label: "Expiry", value: `A message still waiting ${plural(policy.expiryHours, "hour", "hours")} after it was due is dropped.` },
    { label: "Approval", value: policy.requireApproval ? "A campaign needs an admin's approval before its first send." : "Marketers may launch campaigns without approval." },
    ...CHANNEL_KINDS.map((channel) => {
      const rate = policy.ratePerSecond[channel];
      return { label: `${CHANNEL_KIND_NAMES[channel]} send rate`, value: rate ? `At most ${plural(rate, "message", "messages")} per second.` : "Unlimited." };
    }),
  ];
}
