import { audit } from "../../audit.ts";
import { withTransaction } from "../../db/transaction.ts";
import type { CallbackReport } from "./callback-report.schema.ts";
import { addSuppression, messageRecipient, revokeConsent, type ConsentChannel } from "./consent-changes.ts";
import { MAX_EVENTS_PER_KIND } from "./record-engagement.ts";
import { findReportedMessage, recordMessageEvent } from "./record-message-event.ts";

export type ReportOutcome = "recorded" | "duplicate" | "unknown_message";

const EVENT_KIND = { delivered: "delivered", bounced: "bounced", complained: "complained" } as const;

/**
 * What a provider's report does to a message of the workspace, in one
 * transaction: every report records its event; a hard bounce also puts the
 * address on the suppression list; a complaint also turns the customer's
 * consent off (audited, no actor) and suppresses the address. A soft bounce
 * is only recorded: the address may work tomorrow. A report the provider
 * sends again (same kind and time) is recorded once.
 */
export async function applyCallbackReport(workspaceId: number, channel: ConsentChannel, report: CallbackReport): Promise<ReportOutcome> {
  const messageId = await findReportedMessage(workspaceId, channel, report.messageId);
  if (!messageId) return "unknown_message";
  const kind = EVENT_KIND[report.type];
  const at = report.at ? new Date(report.at) : null;
  return withTransaction(async (client) => {
    const recipient = await messageRecipient(client, messageId, { lock: true, workspaceId });
    if (!recipient) return "unknown_message";
    const { rows } = await client.query<{ same: boolean; recorded: number }>(
      `SELECT coalesce(bool_or(e.at = $3::timestamptz), false) AS same, count(*)::int AS recorded
         FROM (SELECT at FROM message_event WHERE message_id = $1 AND kind = $2 LIMIT $4) e`,
      [messageId, kind, at, MAX_EVENTS_PER_KIND],
    );
    if (rows[0]!.same || rows[0]!.recorded >= MAX_EVENTS_PER_KIND) return "duplicate";
    const detail = { ...(report.bounceType ? { bounceType: report.bounceType } : {}), ...(report.reason ? { reason: report.reason } : {}) };
    await recordMessageEvent(client, { workspaceId, messageId, kind, at: at ?? undefined, detail });
    if (report.type === "bounced" && report.bounceType === "hard") await addSuppression(client, recipient, channel, "hard_bounce");
    if (report.type === "complained" && (await revokeConsent(client, recipient, channel, "complaint"))) {
      await audit(client, {
        workspaceId,
        actorUserId: null,
        action: "customer.consent.update",
        targetType: "customer",
        targetId: recipient.customerId,
        metadata: { messageId, via: "complaint", consents: { [channel]: false } },
      });
    }
    return "recorded";
  });
}
