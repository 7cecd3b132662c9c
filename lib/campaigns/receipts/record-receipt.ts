import { audit } from "../../audit.ts";
import type { CallbackChannel } from "../../channels/callback-secret.ts";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { addSuppression, messageRecipient, revokeConsent } from "../tracking/consent-changes.ts";
import { findReportedMessage, recordMessageEvent } from "../tracking/record-message-event.ts";
import type { Receipt } from "./receipt.schema.ts";

/** Channels whose providers report back: every channel with a callback secret. */
export type ReceiptChannel = CallbackChannel;

/**
 * Records what a signed receipt says about one of the workspace's messages
 * of that channel, in one transaction:
 * - `delivered` and `bounced` events, each once (providers repeat their
 *   callbacks, and a signed request may be replayed within its timestamp's
 *   tolerance); a bounce once per bounce type;
 * - a hard bounce of an email or an SMS also puts the address on the
 *   suppression list, so no campaign tries it again (a bounced push
 *   notification suppresses nothing: the customer may install the app later);
 * - a complaint (email only) is recorded once, turns the customer's email
 *   consent off and suppresses the address, audited with no actor.
 * A message the workspace does not have on this channel is NOT_FOUND, without detail.
 */
export async function recordReceipt(workspaceId: number, channel: ReceiptChannel, receipt: Receipt): Promise<{ recorded: boolean }> {
  if (receipt.type === "complained" && channel !== "email") {
    throw new AppError("VALIDATION", "Only email receipts report complaints.", [{ path: "type", message: "Only email receipts report complaints." }]);
  }
  const messageId = await findReportedMessage(workspaceId, channel, receipt.messageId);
  if (!messageId) throw new AppError("NOT_FOUND", "This workspace has no such message on this channel.");
  const bounceType = receipt.type === "bounced" ? (receipt.bounceType ?? "soft") : null;

  return withTransaction(async (client) => {
    // The customer row's lock makes two copies of one receipt arriving at once record it once.
    const recipient = await messageRecipient(client, messageId, { lock: true, workspaceId });
    if (!recipient) throw new AppError("NOT_FOUND", "This workspace has no such message on this channel.");
    const { rows: seen } = await client.query(
      `SELECT 1 FROM message_event WHERE message_id = $1 AND kind = $2 AND detail->>'source' = 'receipt' AND coalesce(detail->>'bounceType', '') = $3 LIMIT 1`,
      [messageId, receipt.type, bounceType ?? ""],
    );
    if (seen.length > 0) return { recorded: false };

    await recordMessageEvent(client, {
      workspaceId,
      messageId,
      kind: receipt.type,
      at: receipt.at ? new Date(receipt.at) : undefined,
      detail: { source: "receipt", providerMessageId: receipt.messageId, ...(bounceType ? { bounceType } : {}), ...(receipt.reason ? { reason: receipt.reason } : {}) },
    });
    // The address as the customer record holds it now, normalised as suppressions are stored (the one the message went to, unless it changed since).
    if (bounceType === "hard" && channel !== "push") await addSuppression(client, recipient, channel, "hard_bounce");
    if (receipt.type === "complained" && channel === "email" && (await revokeConsent(client, recipient, channel, "complaint"))) {
      await audit(client, {
        workspaceId,
        actorUserId: null,
        action: "customer.consent.update",
        targetType: "customer",
        targetId: recipient.customerId,
        metadata: { messageId, via: "complaint", consents: { email: false } },
      });
    }
    return { recorded: true };
  });
}
