import { pool } from "../../db/pool.ts";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { CHANNEL_AUDIENCE_SQL } from "../policy/channel-audience-sql.ts";
import { findMessageByProviderId, recordMessageEvent } from "../tracking/record-message-event.ts";
import type { Receipt } from "./receipt.schema.ts";

export type ReceiptChannel = "sms" | "push";

async function findMessage(workspaceId: number, channel: ReceiptChannel, id: string): Promise<{ id: string; customerId: string } | null> {
  const byProvider = await findMessageByProviderId(workspaceId, id);
  if (byProvider) return byProvider.channel === channel ? byProvider : null;
  // Providers that give no id of their own name the message by the reference sent with it: its idempotency key.
  const { rows } = await pool.query<{ id: string; customer_id: string }>(
    `SELECT id::text, customer_id::text FROM message WHERE workspace_id = $1 AND idempotency_key = $2 AND channel = $3::"ChannelKind"`,
    [workspaceId, id, channel],
  );
  return rows[0] ? { id: rows[0].id, customerId: rows[0].customer_id } : null;
}

/**
 * Records what a signed receipt says about one of the workspace's messages
 * of that channel: a `delivered` or `bounced` event, once (providers repeat
 * their callbacks, and a signed request may be replayed within its
 * timestamp's tolerance), and for an SMS that bounced hard, the customer's
 * number on the suppression list, so no campaign tries it again. A bounced
 * push notification suppresses nothing: the customer may install the app
 * later. A message the workspace does not have is NOT_FOUND, without detail.
 */
export async function recordReceipt(workspaceId: number, channel: ReceiptChannel, receipt: Receipt): Promise<{ recorded: boolean }> {
  const message = await findMessage(workspaceId, channel, receipt.messageId);
  if (!message) throw new AppError("NOT_FOUND", "This workspace has no such message on this channel.");
  const bounceType = receipt.type === "bounced" ? (receipt.bounceType ?? "soft") : null;

  return withTransaction(async (client) => {
    // The message row's lock makes two copies of one receipt arriving at once record it once.
    await client.query(`SELECT 1 FROM message WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [message.id, workspaceId]);
    const { rows: seen } = await client.query(
      `SELECT 1 FROM message_event WHERE message_id = $1 AND kind = $2 AND detail->>'source' = 'receipt' AND coalesce(detail->>'bounceType', '') = $3 LIMIT 1`,
      [message.id, receipt.type, bounceType ?? ""],
    );
    if (seen.length > 0) return { recorded: false };

    await recordMessageEvent(client, {
      workspaceId,
      messageId: message.id,
      kind: receipt.type,
      at: receipt.at ? new Date(receipt.at) : undefined,
      detail: { source: "receipt", providerMessageId: receipt.messageId, ...(bounceType ? { bounceType } : {}), ...(receipt.reason ? { reason: receipt.reason } : {}) },
    });
    if (channel === "sms" && bounceType === "hard") {
      // The number as the customer record holds it now, normalised as suppressions are stored (the number the message went to, unless it changed since).
      await client.query(
        `INSERT INTO suppression (workspace_id, channel, address, reason, message_id)
         SELECT c.workspace_id, 'sms', (${CHANNEL_AUDIENCE_SQL.sms.address}), 'hard_bounce', $3
           FROM customer c WHERE c.id = $1 AND c.workspace_id = $2 AND (${CHANNEL_AUDIENCE_SQL.sms.address}) IS NOT NULL
         ON CONFLICT DO NOTHING`,
        [message.customerId, workspaceId, message.id],
      );
    }
    return { recorded: true };
  });
}
