import type { MessageView } from "@/lib/campaigns/campaign-views";
import { formatDateTime } from "@/lib/format";

/** What was decided for a message, in words: sent when, waiting until when and why, or why not. */
export function messageDecision(m: Pick<MessageView, "status" | "reason" | "reasonText" | "notBefore" | "sentAt"> & Partial<Pick<MessageView, "heldOutAt">>, timeZone: string): string {
  switch (m.status) {
    case "sent":
      return `Sent ${formatDateTime(m.sentAt ? new Date(m.sentAt) : null, timeZone)}`;
    case "sending":
      return "Being sent now";
    case "queued": {
      const when = formatDateTime(new Date(m.notBefore), timeZone);
      if (m.reason === "retrying") return `Retrying from ${when}: ${m.reasonText}`;
      return m.reasonText ? `Waiting until ${when}: ${m.reasonText}` : `Queued to send from ${when}`;
    }
    case "skipped":
      return `Not sent: ${m.reasonText ?? "no reason recorded"}`;
    case "failed":
      return `Failed: ${m.reasonText ?? "no reason recorded"}`;
    case "held_out":
      return `Held out ${formatDateTime(m.heldOutAt ? new Date(m.heldOutAt) : null, timeZone)}: ${m.reasonText ?? "control group"}`;
  }
}
