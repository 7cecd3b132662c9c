import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { ChannelCustomer, ChannelKind } from "../../channels/channel.ts";
import { CHANNEL_AUDIENCE_SQL } from "../policy/channel-audience-sql.ts";
import { pool } from "../../db/pool.ts";
import { microBatch } from "../../db/micro-batch.ts";
import { withTransaction } from "../../db/transaction.ts";
import type { ContactPolicy } from "../policy/contact-policy.schema.ts";

export interface ClaimedMessage {
  id: string;
  workspaceId: number;
  campaignId: number;
  campaignVersion: number;
  customerId: string;
  channel: ChannelKind;
  idempotencyKey: string;
  attempts: number;
  claimToken: string;
  /** The customer's arm: a control message is recorded as held out instead of sent. Null: planned before experiments. */
  arm: "control" | "treatment" | null;
  variantKey: string | null;
  /** The customer as they are at the claim, with whether their address on this channel is suppressed. */
  customer: ChannelCustomer & { suppressed: boolean };
}

export type ClaimResult =
  | { claimed: true; message: ClaimedMessage }
  /** Claimed and ended on the spot by the contact policy (expired, over the cap). */
  | { claimed: false; skipped: "expired" | "frequency_cap" }
  /** Nothing to do now: already done, held by another worker, campaign paused, or (notBefore) not due yet. */
  | { claimed: false; notBefore: Date | null; why: string };

// pg_advisory_xact_lock(namespace, key) namespace for "a customer's frequency cap".
const CAP_LOCK_NAMESPACE = 7_301;

/**
 * Takes a message for sending with one conditional UPDATE: only a queued
 * message that is due, of an active campaign, or one whose previous holder's
 * lease ran out (a worker that died mid-send). Two workers racing for one row
 * cannot both win: the loser's UPDATE re-reads the row after the winner's
 * commit and no longer matches.
 *
 * An expired message is finished as skipped here. Under a frequency cap the
 * claim and the cap check run under a per-customer lock, so two messages for
 * one customer cannot both slip under the cap; a higher-priority message
 * already due counts against the cap, so it wins the last slot.
 */
export async function claimMessage(workspaceId: number, messageId: string, policy: ContactPolicy, leaseMs: number): Promise<ClaimResult> {
  const claimToken = randomUUID();
  const cap = policy.frequencyCap;
  const outcome = cap
    ? await withTransaction(async (client) => {
        const { rows } = await client.query<{ customer_id: string }>(`SELECT customer_id::text FROM message WHERE id = $1 AND workspace_id = $2`, [messageId, workspaceId]);
        if (rows[0]) await client.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [CAP_LOCK_NAMESPACE, rows[0].customer_id]);
        const claimed = await claimRow(client, workspaceId, messageId, claimToken, leaseMs);
        if (claimed && claimed.counts_toward_cap && !claimed.expired && (await overCap(client, workspaceId, claimed, cap))) {
          await finishClaimed(client, claimed.id, claimToken, "skipped", "frequency_cap");
          return { claimed: null, finished: "frequency_cap" as const };
        }
        return { claimed, finished: null };
      })
    : { claimed: await claimBatched({ workspaceId, messageId, claimToken, leaseMs }), finished: null };

  if (outcome.finished) return { claimed: false, skipped: outcome.finished };
  const row = outcome.claimed;
  if (!row) return explainUnclaimed(workspaceId, messageId);
  if (row.expired) {
    await finishClaimed(pool, row.id, claimToken, "skipped", "expired");
    return { claimed: false, skipped: "expired" };
  }
  return {
    claimed: true,
    message: {
      id: row.id,
      workspaceId,
      campaignId: row.campaign_id,
      campaignVersion: row.campaign_version,
      customerId: row.customer_id,
      channel: row.channel,
      idempotencyKey: row.idempotency_key,
      attempts: row.attempts,
      claimToken,
      arm: row.arm,
      variantKey: row.variant_key,
      customer: {
        externalId: row.external_id,
        email: row.email,
        phone: row.phone,
        emailConsent: row.email_consent,
        smsConsent: row.sms_consent,
        pushConsent: row.push_consent,
        suppressed: row.suppressed,
      },
    },
  };
}

// The customer's address on the message's channel, as suppressions store it:
// read with the claim so consent and suppressions are checked on what the
// customer is now, in the same round trip.
const ADDRESS_BY_CHANNEL = `(CASE m.channel::text ${Object.entries(CHANNEL_AUDIENCE_SQL)
  .map(([channel, sql]) => `WHEN '${channel}' THEN (${sql.address})`)
  .join(" ")} END)`;

interface ClaimedRow {
  id: string;
  campaign_id: number;
  campaign_version: number;
  customer_id: string;
  channel: ChannelKind;
  idempotency_key: string;
  attempts: number;
  counts_toward_cap: boolean;
  priority: number;
  arm: "control" | "treatment" | null;
  variant_key: string | null;
  expired: boolean;
  external_id: string;
  email: string | null;
  phone: string | null;
  email_consent: boolean;
  sms_consent: boolean;
  push_consent: boolean;
  suppressed: boolean;
}

type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

interface ClaimRequest {
  workspaceId: number;
  messageId: string;
  claimToken: string;
  leaseMs: number;
}

/**
 * The conditional UPDATE for any number of messages at once (one statement,
 * one commit): the claims that concurrent sends make together go as one
 * batch. A message asked for twice in one batch (a job run twice) is updated
 * once, with one of the tokens; only the request whose token the row now
 * holds gets it.
 */
async function claimRows(db: Queryable, requests: ClaimRequest[]): Promise<(ClaimedRow | null)[]> {
  const { rows } = await db.query<ClaimedRow & { claim_token: string }>(
    `UPDATE message m
        SET status = 'sending', attempts = m.attempts + 1, claim_token = r.token,
            lease_until = now() + r.lease_ms * interval '1 millisecond', updated_at = now()
       FROM unnest($1::int8[], $2::int4[], $3::uuid[], $4::int4[]) AS r(id, workspace_id, token, lease_ms), campaign k, customer c
      WHERE m.id = r.id AND m.workspace_id = r.workspace_id AND k.id = m.campaign_id AND k.status = 'active' AND c.id = m.customer_id
        AND m.not_before <= now()
        AND (m.status = 'queued' OR (m.status = 'sending' AND m.lease_until < now()))
      RETURNING m.id::text, m.claim_token::text, m.campaign_id, k.version AS campaign_version, m.customer_id::text, m.channel::text AS channel, m.idempotency_key,
                m.attempts, m.counts_toward_cap, m.priority, m.arm::text AS arm, m.variant_key, coalesce(m.expires_at < now(), false) AS expired,
                c.external_id, c.email, c.phone, c.email_consent, c.sms_consent, c.push_consent,
                EXISTS (SELECT 1 FROM suppression x WHERE x.workspace_id = m.workspace_id AND x.channel = m.channel AND x.address = ${ADDRESS_BY_CHANNEL}) AS suppressed`,
    [requests.map((r) => r.messageId), requests.map((r) => r.workspaceId), requests.map((r) => r.claimToken), requests.map((r) => r.leaseMs)],
  );
  const byToken = new Map(rows.map((row) => [row.claim_token, row]));
  return requests.map((r) => byToken.get(r.claimToken) ?? null);
}

async function claimRow(db: Queryable, workspaceId: number, messageId: string, claimToken: string, leaseMs: number): Promise<ClaimedRow | null> {
  const [row] = await claimRows(db, [{ workspaceId, messageId, claimToken, leaseMs }]);
  return row ?? null;
}

const claimBatched = microBatch<ClaimRequest, ClaimedRow | null>((requests) => claimRows(pool, requests));

async function overCap(client: pg.PoolClient, workspaceId: number, message: ClaimedRow, cap: NonNullable<ContactPolicy["frequencyCap"]>): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    `WITH who AS (
       SELECT coalesce((SELECT name FROM pg_timezone_names WHERE name = c.timezone), w.timezone) AS tz
         FROM customer c JOIN workspace w ON w.id = c.workspace_id WHERE c.id = $2
     )
     SELECT count(*)::int AS n
       FROM message m, who
      WHERE m.workspace_id = $1 AND m.customer_id = $2 AND m.channel = $3::"ChannelKind" AND m.counts_toward_cap AND m.id <> $4
        AND m.arm IS DISTINCT FROM 'control'
        AND ((m.status = 'sent' AND m.sent_at >= (date_trunc('day', now() AT TIME ZONE who.tz) - ($5::int - 1) * interval '1 day') AT TIME ZONE who.tz)
          OR (m.status = 'sending' AND m.lease_until >= now())
          OR (m.status = 'queued' AND m.priority > $6 AND m.not_before <= now()))`,
    [workspaceId, message.customer_id, message.channel, message.id, cap.perDays, message.priority],
  );
  return rows[0]!.n >= cap.maxMessages;
}

/** Ends a claimed message without sending it (skipped or failed), if this claim still holds it. */
export async function finishClaimed(db: Queryable, messageId: string, claimToken: string, status: "skipped" | "failed", reason: string, detail: string | null = null): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH done AS (
       UPDATE message SET status = $3::"MessageStatus", reason = $4, detail = $5, lease_until = NULL, updated_at = now()
        WHERE id = $1 AND claim_token = $2::uuid AND status = 'sending'
        RETURNING id, workspace_id, campaign_id
     )
     INSERT INTO message_event (workspace_id, campaign_id, message_id, kind, detail)
     SELECT workspace_id, campaign_id, id, $3, jsonb_build_object('reason', $4::text, 'detail', $5::text) FROM done`,
    [messageId, claimToken, status, reason, detail],
  );
  return (rowCount ?? 0) > 0;
}

async function explainUnclaimed(workspaceId: number, messageId: string): Promise<ClaimResult> {
  const { rows } = await pool.query<{ status: string; not_before: Date; campaign_status: string; lease_until: Date | null }>(
    `SELECT m.status::text, m.not_before, c.status::text AS campaign_status, m.lease_until
       FROM message m JOIN campaign c ON c.id = m.campaign_id WHERE m.id = $1 AND m.workspace_id = $2`,
    [messageId, workspaceId],
  );
  const row = rows[0];
  if (!row) return { claimed: false, notBefore: null, why: "no such message" };
  if (row.campaign_status !== "active") return { claimed: false, notBefore: null, why: `campaign ${row.campaign_status}` };
  if (row.status === "queued") return { claimed: false, notBefore: row.not_before, why: "not due yet" };
  if (row.status === "sending") return { claimed: false, notBefore: null, why: "held by another worker" };
  return { claimed: false, notBefore: null, why: `already ${row.status}` };
}
