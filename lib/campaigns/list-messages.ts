import { pool } from "../db/pool.ts";
import { AppError } from "../errors.ts";
import { isBigintId } from "../route-id.ts";
import { textProblem } from "../storable-text.ts";
import type { MessageEventView, MessagePage, MessageStatus, MessageView } from "./campaign-views.ts";
import { MESSAGE_REASONS, type MessageReason } from "./policy/reasons.ts";

export interface MessageListOptions {
  status?: MessageStatus;
  /** A customer's external id or email address, exactly (case-insensitive for email). */
  customer?: string;
  after?: string | null;
  limit?: number;
}

interface Row {
  id: string;
  campaign_id: number;
  customer_id: string;
  external_id: string;
  email: string | null;
  channel: MessageView["channel"];
  status: MessageStatus;
  reason: string | null;
  detail: string | null;
  attempts: number;
  not_before: Date;
  sent_at: Date | null;
  held_out_at: Date | null;
  created_at: Date;
}

function view(r: Row): MessageView {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    customer: { id: r.customer_id, externalId: r.external_id, email: r.email },
    channel: r.channel,
    status: r.status,
    reason: r.reason,
    reasonText: r.reason && Object.hasOwn(MESSAGE_REASONS, r.reason) ? MESSAGE_REASONS[r.reason as MessageReason] : r.reason,
    detail: r.detail,
    attempts: r.attempts,
    notBefore: r.not_before.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    heldOutAt: r.held_out_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

const SELECT = `
  SELECT m.id::text, m.campaign_id, m.customer_id::text, c.external_id, c.email, m.channel::text, m.status::text, m.reason, m.detail,
         m.attempts, m.not_before, m.sent_at, m.held_out_at, m.created_at
    FROM message m JOIN customer c ON c.id = m.customer_id`;

function cursorId(after: string | null | undefined): string | null {
  if (!after) return null;
  // Digits past bigint would reach Postgres as an out-of-range value (a 500), so they are refused here.
  if (!isBigintId(after)) throw new AppError("VALIDATION", "The page cursor is not valid.", [{ path: "after", message: "Use the `next` value of the previous page." }]);
  return after;
}

/**
 * A campaign's message log, newest first, by status and/or one customer.
 * Keyset pages over the message id. Looking up a customer first resolves it
 * through its own indexes (external id, email), then reads that customer's
 * messages: never a scan of the campaign.
 */
export async function listCampaignMessages(workspaceId: number, campaignId: number, options: MessageListOptions = {}): Promise<MessagePage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const after = cursorId(options.after);
  const customer = options.customer?.trim() || null;
  const problem = customer === null ? null : textProblem(customer);
  if (problem) throw new AppError("VALIDATION", `The customer searched for ${problem}.`, [{ path: "customer", message: `The customer searched for ${problem}.` }]);
  // Only the filters given are in the statement, and the status is compared as
  // the enum it is: then the (campaign_id, status, id) and (campaign_id, id)
  // indexes hand the page over in order (a `$3 IS NULL OR status::text = $3`
  // form walked the whole table's primary key instead).
  const values: unknown[] = [workspaceId, campaignId, limit + 1];
  const where = ["m.workspace_id = $1", "m.campaign_id = $2"];
  if (options.status) where.push(`m.status = $${values.push(options.status)}::"MessageStatus"`);
  if (after !== null) where.push(`m.id < $${values.push(after)}::int8`);
  if (customer !== null) {
    const c = `$${values.push(customer)}::text`;
    where.push(`m.customer_id IN (
              SELECT id FROM customer WHERE workspace_id = $1 AND external_id = ${c}
              UNION ALL SELECT id FROM customer WHERE workspace_id = $1 AND email = ${c}
              UNION ALL SELECT id FROM customer WHERE workspace_id = $1 AND email = lower(${c}))`);
  }
  const { rows } = await pool.query<Row>(`${SELECT} WHERE ${where.join(" AND ")} ORDER BY m.id DESC LIMIT $3`, values);
  const page = rows.slice(0, limit).map(view);
  return { messages: page, next: rows.length > limit ? page[page.length - 1]!.id : null };
}

/** The messages one customer was sent or considered for, newest first (the customer profile). */
export async function listCustomerMessages(workspaceId: number, customerId: string, options: { after?: string | null; limit?: number } = {}): Promise<MessagePage & { campaigns: Record<number, string> }> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
  const after = cursorId(options.after);
  const { rows } = await pool.query<Row & { campaign_name: string }>(
    `SELECT x.*, k.name AS campaign_name FROM (
       ${SELECT} WHERE m.workspace_id = $1 AND m.customer_id = $2::int8 AND ($3::int8 IS NULL OR m.id < $3::int8) ORDER BY m.id DESC LIMIT $4
     ) x JOIN campaign k ON k.id = x.campaign_id ORDER BY x.id::int8 DESC`,
    [workspaceId, customerId, after, limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    messages: page.map(view),
    next: rows.length > limit ? page[page.length - 1]!.id : null,
    campaigns: Object.fromEntries(page.map((r) => [r.campaign_id, r.campaign_name])),
  };
}

/** One message with its events in order: what was decided, when it went, what happened after. */
export async function getMessage(workspaceId: number, messageId: string): Promise<MessageView & { events: MessageEventView[] }> {
  if (!isBigintId(messageId)) throw new AppError("NOT_FOUND", "No such message");
  const { rows } = await pool.query<Row>(`${SELECT} WHERE m.workspace_id = $1 AND m.id = $2::int8`, [workspaceId, messageId]);
  if (!rows[0]) throw new AppError("NOT_FOUND", "No such message");
  const { rows: events } = await pool.query<{ kind: string; at: Date; detail: Record<string, unknown> }>(
    `SELECT kind, at, detail FROM message_event WHERE message_id = $1::int8 AND workspace_id = $2 ORDER BY at, id LIMIT 500`,
    [messageId, workspaceId],
  );
  return { ...view(rows[0]), events: [...planningEvents(rows[0]), ...events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), detail: e.detail }))] };
}

/**
 * What planning decided, read from the row itself (written with it, in the
 * same statement): queued, or skipped and why, and deferred until when. Not
 * duplicated as event rows, which would double the writes of a
 * million-message broadcast.
 */
function planningEvents(row: Row): MessageEventView[] {
  const at = row.created_at.toISOString();
  const planned = row.status === "skipped" && row.attempts === 0 ? "skipped" : "queued";
  const first: MessageEventView = { kind: planned, at, detail: planned === "skipped" ? { reason: row.reason } : {} };
  if (planned === "queued" && (row.reason === "quiet_hours" || row.reason === "local_time")) {
    return [first, { kind: "deferred", at, detail: { reason: row.reason, until: row.not_before.toISOString() } }];
  }
  return [first];
}
