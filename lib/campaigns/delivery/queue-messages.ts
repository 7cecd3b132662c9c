import type { JobsOptions } from "bullmq";
import { pool } from "../../db/pool.ts";
import { enqueueMany } from "../../queue/enqueue.ts";

const BATCH = 1000;

/** The job id of a message's send job: derived from the row, so adding it twice queues it once. */
export function messageJobId(messageId: string | bigint): string {
  return `message-${messageId}`;
}

/**
 * Redis carries the work, Postgres the record: a finished job is dropped (the
 * row says what happened), and a job that gave up is dropped too, so the
 * re-queue sweep can add the message again under the same id.
 */
export const MESSAGE_JOB_OPTIONS: Omit<JobsOptions, "jobId"> = {
  attempts: 10,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: true,
  removeOnFail: true,
};

export type QueueScope = { occurrenceId: string } | { campaignId: number } | { messageIds: string[] };

/**
 * Adds a send job for each queued message in scope that has none yet
 * (`enqueued_at` unset; or a claim whose lease ran out), delayed until its `not_before`, in batches; each
 * batch is marked after Redis took it. A crash between the two re-adds the
 * batch next time, which Redis ignores (same job ids).
 */
export async function queueMessages(workspaceId: number, scope: QueueScope): Promise<number> {
  const [column, value, type] =
    "occurrenceId" in scope ? ["occurrence_id", scope.occurrenceId, "int8"] : "campaignId" in scope ? ["campaign_id", scope.campaignId, "int4"] : ["id", scope.messageIds, "int8[]"];
  const match = type === "int8[]" ? `${column} = ANY($2::int8[])` : `${column} = $2::${type}`;
  let after = "0";
  let total = 0;
  for (;;) {
    const { rows } = await pool.query<{ id: string; delay: number }>(
      `SELECT id::text, greatest(0, extract(epoch FROM not_before - now()) * 1000)::float8 AS delay
         FROM message
        WHERE workspace_id = $1 AND ${match} AND enqueued_at IS NULL AND id > $3::int8
          AND (status = 'queued' OR (status = 'sending' AND lease_until < now()))
        ORDER BY id LIMIT ${BATCH}`,
      [workspaceId, value, after],
    );
    if (rows.length === 0) return total;
    await enqueueMany(
      "message.send",
      rows.map((r) => ({
        payload: { workspaceId, messageId: r.id },
        jobId: messageJobId(r.id),
        options: { ...MESSAGE_JOB_OPTIONS, delay: Math.ceil(r.delay) },
      })),
    );
    const ids = rows.map((r) => r.id);
    await pool.query(`UPDATE message SET enqueued_at = now() WHERE workspace_id = $1 AND id = ANY($2::int8[]) AND enqueued_at IS NULL`, [workspaceId, ids]);
    total += rows.length;
    after = ids[ids.length - 1]!;
  }
}
