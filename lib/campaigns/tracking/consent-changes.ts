import type pg from "pg";
import type { ChannelKind } from "../../channels/channel.ts";
import { normaliseAddress } from "../policy/channel-audience-sql.ts";

/** The channels a customer consents to one by one (the webhook reaches the workspace's own system, not the customer). */
export const CONSENT_CHANNELS = ["email", "sms", "push"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export function isConsentChannel(channel: string): channel is ConsentChannel {
  return (CONSENT_CHANNELS as readonly string[]).includes(channel);
}

// Literal column names, never built from input.
const CONSENT_COLUMN: Record<ConsentChannel, string> = { email: "email_consent", sms: "sms_consent", push: "push_consent" };

/** The customer a message went to, with each channel's consent and address as suppressions store it. */
export interface MessageRecipient {
  messageId: string;
  workspaceId: number;
  workspaceName: string;
  customerId: string;
  channel: ChannelKind;
  consents: Record<ConsentChannel, boolean>;
  addresses: Record<ConsentChannel, string | null>;
}

type RecipientRow = {
  workspace_id: number;
  workspace_name: string;
  customer_id: string;
  channel: ChannelKind;
  email: string | null;
  phone: string | null;
  external_id: string;
  email_consent: boolean;
  sms_consent: boolean;
  push_consent: boolean;
};

/**
 * Reads the message's customer; with `lock`, holds the customer row until the
 * transaction ends, so two unsubscribes (a mail client's one-click POST and
 * the reader's own click) cannot interleave their reads and writes.
 * `workspaceId` is null only for a signed link, whose signature names the
 * message on its own; a provider's report names its workspace.
 */
export async function messageRecipient(db: Pick<pg.PoolClient, "query">, messageId: string, options: { lock: boolean; workspaceId: number | null }): Promise<MessageRecipient | null> {
  const { rows } = await db.query<RecipientRow>(
    `SELECT m.workspace_id, w.name AS workspace_name, m.customer_id::text, m.channel::text AS channel,
            c.email, c.phone, c.external_id, c.email_consent, c.sms_consent, c.push_consent
       FROM message m
       JOIN customer c ON c.id = m.customer_id AND c.workspace_id = m.workspace_id
       JOIN workspace w ON w.id = m.workspace_id
      WHERE m.id = $1 AND ($2::int IS NULL OR m.workspace_id = $2)
      ${options.lock ? "FOR UPDATE OF c" : ""}`,
    [messageId, options.workspaceId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    messageId,
    workspaceId: r.workspace_id,
    workspaceName: r.workspace_name,
    customerId: r.customer_id,
    channel: r.channel,
    consents: { email: r.email_consent, sms: r.sms_consent, push: r.push_consent },
    addresses: {
      email: r.email === null ? null : normaliseAddress("email", r.email),
      sms: r.phone === null ? null : normaliseAddress("sms", r.phone),
      push: normaliseAddress("push", r.external_id),
    },
  };
}

/**
 * Turns a channel off for the customer: consent false, and the address on the
 * suppression list, which outlives a later import that sets consent again.
 * True when anything changed; calling it again changes nothing.
 */
export async function revokeConsent(client: pg.PoolClient, recipient: MessageRecipient, channel: ConsentChannel, reason: "unsubscribe" | "complaint"): Promise<boolean> {
  let changed = false;
  if (recipient.consents[channel]) {
    await client.query(`UPDATE customer SET ${CONSENT_COLUMN[channel]} = false, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [recipient.customerId, recipient.workspaceId]);
    recipient.consents[channel] = false;
    changed = true;
  }
  return (await addSuppression(client, recipient, channel, reason)) || changed;
}

/**
 * Puts the customer's address on the channel's suppression list. A bounce or
 * a complaint replaces an earlier unsubscribe (it is the stronger reason: the
 * preferences page may lift an unsubscribe, never those); anything else
 * already there stays. True when the list changed.
 */
export async function addSuppression(client: pg.PoolClient, recipient: MessageRecipient, channel: ConsentChannel, reason: "unsubscribe" | "complaint" | "hard_bounce"): Promise<boolean> {
  const address = recipient.addresses[channel];
  if (address === null) return false;
  const written = await client.query(
    `INSERT INTO suppression (workspace_id, channel, address, reason, message_id) VALUES ($1, $2::"ChannelKind", $3, $4::"SuppressionReason", $5)
     ON CONFLICT (workspace_id, channel, address) DO UPDATE SET reason = EXCLUDED.reason, message_id = EXCLUDED.message_id
      WHERE suppression.reason = 'unsubscribe' AND EXCLUDED.reason <> 'unsubscribe'`,
    [recipient.workspaceId, channel, address, reason, recipient.messageId],
  );
  return (written.rowCount ?? 0) > 0;
}

/**
 * Turns a channel back on at the customer's own request (the preferences
 * page). Only an unsubscribe is lifted: a bounce, a complaint or an entry an
 * admin made stays on the list, and the send path keeps honouring it.
 */
export async function grantConsent(client: pg.PoolClient, recipient: MessageRecipient, channel: ConsentChannel): Promise<boolean> {
  let changed = false;
  if (!recipient.consents[channel]) {
    await client.query(`UPDATE customer SET ${CONSENT_COLUMN[channel]} = true, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [recipient.customerId, recipient.workspaceId]);
    recipient.consents[channel] = true;
    changed = true;
  }
  const address = recipient.addresses[channel];
  if (address !== null) {
    const lifted = await client.query(`DELETE FROM suppression WHERE workspace_id = $1 AND channel = $2::"ChannelKind" AND address = $3 AND reason = 'unsubscribe'`, [
      recipient.workspaceId,
      channel,
      address,
    ]);
    changed ||= (lifted.rowCount ?? 0) > 0;
  }
  return changed;
}
