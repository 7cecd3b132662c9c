import type pg from "pg";
import { audit } from "../../audit.ts";
import { pool } from "../../db/pool.ts";
import { withTransaction } from "../../db/transaction.ts";
import { CONSENT_CHANNELS, grantConsent, isConsentChannel, messageRecipient, revokeConsent, type ConsentChannel, type MessageRecipient } from "./consent-changes.ts";
import { recordMessageEvent } from "./record-message-event.ts";

/** How the customer asked: their mail client's one-click POST (RFC 8058), or a button on the unsubscribe page. */
export type UnsubscribeSource = "one_click" | "unsubscribe_page" | "preferences_page";

/** What the unsubscribe page shows: whose messages, on which channel, and each channel the customer can be reached on. */
export interface PreferencesView {
  workspaceName: string;
  /** The channel of the message whose link was followed; null for a channel without consent (the webhook). */
  channel: ConsentChannel | null;
  channels: { channel: ConsentChannel; subscribed: boolean }[];
}

export type UnsubscribeResult = { status: "unknown_message" } | { status: "no_consent_channel" } | { status: "unsubscribed" | "already_unsubscribed"; view: PreferencesView };

/**
 * Whether the page offers a channel: one the customer is subscribed to, or an
 * email address or phone number we hold for them. Push is offered only while
 * on: every customer has an external id, but only the app on their device
 * knows whether it can show a notification, and opting in happens there.
 */
function offered(recipient: MessageRecipient, channel: ConsentChannel): boolean {
  return recipient.consents[channel] || (channel !== "push" && recipient.addresses[channel] !== null);
}

function preferencesView(recipient: MessageRecipient): PreferencesView {
  return {
    workspaceName: recipient.workspaceName,
    channel: isConsentChannel(recipient.channel) ? recipient.channel : null,
    channels: CONSENT_CHANNELS.filter((c) => offered(recipient, c)).map((c) => ({ channel: c, subscribed: recipient.consents[c] })),
  };
}

/** The unsubscribe page for a message whose link was verified; null when the message no longer exists. */
export async function loadPreferences(messageId: string): Promise<PreferencesView | null> {
  const recipient = await messageRecipient(pool, messageId, { lock: false, workspaceId: null });
  return recipient ? preferencesView(recipient) : null;
}

/**
 * Applies consent changes for the customer a message went to, in one
 * transaction with its `unsubscribed` events and one audit entry (no actor:
 * the customer did it through the message's signed link). Returns which
 * channels changed; a repeat request changes and records nothing.
 */
async function changeConsents(
  client: pg.PoolClient,
  recipient: MessageRecipient,
  wanted: Partial<Record<ConsentChannel, boolean>>,
  source: UnsubscribeSource,
): Promise<Partial<Record<ConsentChannel, boolean>>> {
  const changes: Partial<Record<ConsentChannel, boolean>> = {};
  for (const channel of CONSENT_CHANNELS) {
    const want = wanted[channel];
    if (want === undefined) continue;
    const changed = want ? await grantConsent(client, recipient, channel) : await revokeConsent(client, recipient, channel, "unsubscribe");
    if (!changed) continue;
    changes[channel] = want;
    if (!want) await recordMessageEvent(client, { workspaceId: recipient.workspaceId, messageId: recipient.messageId, kind: "unsubscribed", detail: { channel, via: source } });
  }
  if (Object.keys(changes).length > 0) {
    await audit(client, {
      workspaceId: recipient.workspaceId,
      actorUserId: null,
      action: "customer.consent.update",
      targetType: "customer",
      targetId: recipient.customerId,
      metadata: { messageId: recipient.messageId, via: source, consents: changes },
    });
  }
  return changes;
}

/**
 * Unsubscribes the customer from the channel the message came on: consent
 * false, the address suppressed (reason `unsubscribe`), an `unsubscribed`
 * event, an audit entry, all or nothing. The send path checks consent and
 * suppressions again before each send, so nothing queued goes out after this.
 */
export async function unsubscribeByLink(messageId: string, source: UnsubscribeSource): Promise<UnsubscribeResult> {
  return withTransaction(async (client) => {
    const recipient = await messageRecipient(client, messageId, { lock: true, workspaceId: null });
    if (!recipient) return { status: "unknown_message" };
    if (!isConsentChannel(recipient.channel)) return { status: "no_consent_channel" };
    const changes = await changeConsents(client, recipient, { [recipient.channel]: false }, source);
    return { status: recipient.channel in changes ? "unsubscribed" : "already_unsubscribed", view: preferencesView(recipient) };
  });
}

/**
 * Saves the preferences form: each channel the page offered is on when
 * ticked and off when not; channels the customer cannot be reached on are
 * left alone. Null when the message no longer exists.
 */
export async function savePreferences(messageId: string, ticked: ReadonlySet<string>): Promise<PreferencesView | null> {
  return withTransaction(async (client) => {
    const recipient = await messageRecipient(client, messageId, { lock: true, workspaceId: null });
    if (!recipient) return null;
    const offered = preferencesView(recipient).channels.map((c) => c.channel);
    await changeConsents(client, recipient, Object.fromEntries(offered.map((c) => [c, ticked.has(c)])), "preferences_page");
    return preferencesView(recipient);
  });
}
