import { microBatch } from "../../db/micro-batch.ts";
import { pool } from "../../db/pool.ts";
import type { ClaimedMessage } from "./claim-message.ts";

/**
 * Outcomes are written only while the claim still holds the row (its token):
 * a worker whose lease ran out and was taken over cannot overwrite what the
 * new holder records. Sends finishing together are recorded together, in one
 * statement (lib/db/micro-batch.ts).
 */
export async function recordSent(message: ClaimedMessage, providerMessageId: string | null): Promise<boolean> {
  return recordSentBatched({ id: message.id, claimToken: message.claimToken, providerMessageId });
}

interface SentRecord {
  id: string;
  claimToken: string;
  providerMessageId: string | null;
}

const recordSentBatched = microBatch<SentRecord, boolean>(async (records) => {
  const { rows } = await pool.query<{ token: string }>(
    `WITH done AS (
       UPDATE message m SET status = 'sent', sent_at = now(), provider_message_id = r.provider_id, reason = NULL, detail = NULL,
                            lease_until = NULL, updated_at = now()
         FROM unnest($1::int8[], $2::uuid[], $3::text[]) AS r(id, token, provider_id)
        WHERE m.id = r.id AND m.claim_token = r.token AND m.status = 'sending'
        RETURNING m.id, m.workspace_id, m.campaign_id, m.attempts, r.token
     ),
     events AS (
       INSERT INTO message_event (workspace_id, campaign_id, message_id, kind, detail)
       SELECT workspace_id, campaign_id, id, 'sent', jsonb_build_object('attempt', attempts) FROM done
     )
     SELECT token::text FROM done`,
    [records.map((r) => r.id), records.map((r) => r.claimToken), records.map((r) => r.providerMessageId)],
  );
  const recorded = new Set(rows.map((r) => r.token));
  return records.map((r) => recorded.has(r.claimToken));
});

/**
 * A control-arm message at the moment it would have been sent: held out, with
 * the time (its exposure for the outcome window), and no channel called.
 */
export async function recordHeldOut(message: ClaimedMessage): Promise<boolean> {
  const { rowCount } = await pool.query(
    `WITH done AS (
       UPDATE message SET status = 'held_out', held_out_at = now(), reason = 'control_group', detail = NULL, lease_until = NULL, updated_at = now()
        WHERE id = $1 AND claim_token = $2::uuid AND status = 'sending'
        RETURNING id, workspace_id, campaign_id
     )
     INSERT INTO message_event (workspace_id, campaign_id, message_id, kind, detail)
     SELECT workspace_id, campaign_id, id, 'held_out', '{}'::jsonb FROM done`,
    [message.id, message.claimToken],
  );
  return (rowCount ?? 0) > 0;
}

/** Back to queued, due again at `at`, with the provider's answer as the reason shown. */
export async function recordRetry(message: ClaimedMessage, at: Date, detail: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `WITH waiting AS (
       UPDATE message SET status = 'queued', not_before = $3, reason = 'retrying', detail = $4, lease_until = NULL,
                          claim_token = NULL, updated_at = now()
        WHERE id = $1 AND claim_token = $2::uuid AND status = 'sending'
        RETURNING id, workspace_id, campaign_id
     )
     INSERT INTO message_event (workspace_id, campaign_id, message_id, kind, detail)
     SELECT workspace_id, campaign_id, id, 'deferred', jsonb_build_object('reason', 'retrying', 'detail', $4::text, 'until', $3::timestamptz, 'attempt', $5::int) FROM waiting`,
    [message.id, message.claimToken, at, detail, message.attempts],
  );
  return (rowCount ?? 0) > 0;
}

/** A hard bounce puts the address on the workspace's suppression list for the channel, in the same statement. */
export async function suppressAddress(message: ClaimedMessage, address: string): Promise<void> {
  await pool.query(
    `INSERT INTO suppression (workspace_id, channel, address, reason, message_id)
     VALUES ($1, $2::"ChannelKind", $3, 'hard_bounce', $4) ON CONFLICT DO NOTHING`,
    [message.workspaceId, message.channel, address, message.id],
  );
}
