import { randomUUID } from "node:crypto";
import { pool } from "../../lib/db/pool.ts";
import { emailContent } from "./campaign-fixtures.ts";

export interface SentMessage {
  messageId: string;
  customerId: string;
  campaignId: number;
  idempotencyKey: string;
  providerMessageId: string | null;
}

export interface SentMessageOptions {
  email?: string | null;
  phone?: string | null;
  externalId?: string;
  emailConsent?: boolean;
  smsConsent?: boolean;
  pushConsent?: boolean;
  channel?: "email" | "webhook";
  content?: unknown;
  /** Null: claimed but not yet recorded as sent. Default: an hour ago. */
  sentAt?: Date | null;
  providerMessageId?: string | null;
  /** Another message to the same customer (default: a new customer). */
  customerId?: string;
}

/**
 * A message as the sender leaves it (a completed one-message campaign, the
 * row `sent`), written straight to the tables, for tests of what happens
 * after a send: links followed, reports received. Tests of sending itself go
 * through the real delivery path instead.
 */
export async function createSentMessage(workspaceId: number, options: SentMessageOptions = {}): Promise<SentMessage> {
  const tag = randomUUID().slice(0, 8);
  const channel = options.channel ?? "email";
  const customerId =
    options.customerId ??
    (
      await pool.query<{ id: string }>(
        `INSERT INTO customer (workspace_id, external_id, email, phone, first_name, email_consent, sms_consent, push_consent)
         VALUES ($1, $2, $3, $4, 'Ada', $5, $6, $7) RETURNING id::text`,
        [
          workspaceId,
          options.externalId ?? `c-${tag}`,
          options.email === undefined ? `ada-${tag}@customer.example` : options.email,
          options.phone ?? null,
          options.emailConsent ?? true,
          options.smsConsent ?? false,
          options.pushConsent ?? false,
        ],
      )
    ).rows[0]!.id;
  const content = options.content ?? (channel === "email" ? emailContent() : { channel: "webhook", payload: '{ "who": {{ customer.external_id | json }} }' });
  const campaign = await pool.query<{ id: number }>(
    `INSERT INTO campaign (workspace_id, name, kind, channel, status, content) VALUES ($1, $2, 'broadcast', $3::"ChannelKind", 'completed', $4::jsonb) RETURNING id`,
    [workspaceId, `Sent ${tag}`, channel, JSON.stringify(content)],
  );
  const campaignId = campaign.rows[0]!.id;
  const occurrence = await pool.query<{ id: string }>(
    `INSERT INTO campaign_occurrence (workspace_id, campaign_id, key, due_at, planned_at) VALUES ($1, $2, 'broadcast', now(), now()) RETURNING id::text`,
    [workspaceId, campaignId],
  );
  const idempotencyKey = randomUUID().replaceAll("-", "");
  const providerMessageId = options.providerMessageId === undefined ? `<${idempotencyKey}@shop.example>` : options.providerMessageId;
  const sentAt = options.sentAt === undefined ? new Date(Date.now() - 3_600_000) : options.sentAt;
  const message = await pool.query<{ id: string }>(
    `INSERT INTO message (workspace_id, campaign_id, occurrence_id, customer_id, channel, status, idempotency_key, attempts, sent_at, provider_message_id)
     VALUES ($1, $2, $3, $4, $5::"ChannelKind", $6::"MessageStatus", $7, 1, $8, $9) RETURNING id::text`,
    [workspaceId, campaignId, occurrence.rows[0]!.id, customerId, channel, sentAt ? "sent" : "sending", idempotencyKey, sentAt, providerMessageId],
  );
  return { messageId: message.rows[0]!.id, customerId, campaignId, idempotencyKey, providerMessageId };
}

/** A message's events in order, as kind and detail. */
export async function messageEvents(messageId: string): Promise<{ kind: string; at: Date; detail: Record<string, unknown> }[]> {
  const { rows } = await pool.query<{ kind: string; at: Date; detail: Record<string, unknown> }>(`SELECT kind, at, detail FROM message_event WHERE message_id = $1 ORDER BY id`, [messageId]);
  return rows;
}
