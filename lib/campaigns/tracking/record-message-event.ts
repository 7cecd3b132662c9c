import type pg from "pg";
import { pool } from "../../db/pool.ts";

/** What can happen to a message after it was sent, as its timeline and reports name it. */
export const MESSAGE_EVENT_KINDS = ["delivered", "opened", "clicked", "bounced", "complained", "unsubscribed"] as const;
export type MessageEventKind = (typeof MESSAGE_EVENT_KINDS)[number];

type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

export interface MessageEventInput {
  workspaceId: number;
  messageId: string;
  kind: MessageEventKind;
  /** When it happened, if the reporter says (a provider's timestamp); else now. */
  at?: Date;
  /** Small, user-safe facts: the clicked URL, "machine": true for a proxy's open, the provider's status text. */
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * Appends an event to a message of the workspace; false when the workspace
 * has no such message (a forged or stale callback changes nothing).
 */
export async function recordMessageEvent(db: Queryable, event: MessageEventInput): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO message_event (workspace_id, campaign_id, message_id, kind, at, detail)
     SELECT m.workspace_id, m.campaign_id, m.id, $3, coalesce($4::timestamptz, now()), $5::jsonb FROM message m WHERE m.id = $1 AND m.workspace_id = $2`,
    [event.messageId, event.workspaceId, event.kind, event.at ?? null, JSON.stringify(event.detail ?? {})],
  );
  return (rowCount ?? 0) > 0;
}

/** The message a provider knows by its own id (receipts and bounces name it that way). */
export async function findMessageByProviderId(workspaceId: number, providerMessageId: string): Promise<{ id: string; customerId: string; channel: string } | null> {
  const { rows } = await pool.query<{ id: string; customer_id: string; channel: string }>(
    `SELECT id::text, customer_id::text, channel::text FROM message WHERE workspace_id = $1 AND provider_message_id = $2 LIMIT 1`,
    [workspaceId, providerMessageId],
  );
  return rows[0] ? { id: rows[0].id, customerId: rows[0].customer_id, channel: rows[0].channel } : null;
}

/**
 * The message a provider's report names: by the provider's own id, else by
 * our idempotency key, which providers echo as the email's Message-ID
 * (`<key@sender domain>`, with or without brackets and domain). Only a
 * message of this workspace on this channel.
 */
export async function findReportedMessage(workspaceId: number, channel: string, reportedId: string): Promise<string | null> {
  const byProvider = await findMessageByProviderId(workspaceId, reportedId);
  if (byProvider) return byProvider.channel === channel ? byProvider.id : null;
  const key = /^<?([A-Za-z0-9][A-Za-z0-9._-]{0,199})(?:@[^<>\s]{1,255})?>?$/.exec(reportedId)?.[1];
  if (!key) return null;
  const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM message WHERE idempotency_key = $1 AND workspace_id = $2 AND channel = $3::"ChannelKind"`, [
    key,
    workspaceId,
    channel,
  ]);
  return rows[0]?.id ?? null;
}
