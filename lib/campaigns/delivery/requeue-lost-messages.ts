import type { Redis } from "ioredis";
import { env } from "../../env.ts";
import { pool } from "../../db/pool.ts";
import { QUEUES } from "../../queue/jobs.ts";
import { messageJobId, queueMessages } from "./queue-messages.ts";

const PAGE = 5_000;

/**
 * Redis only carries the work: when it loses jobs (a restart without
 * persistence, an eviction, a flush), the message rows still say what is
 * owed. Each run checks a page of unfinished, due messages of active
 * campaigns against Redis and queues again those whose job is gone, and those
 * whose worker died holding them (lease run out). A cursor kept in Redis
 * walks the whole backlog over successive runs (a message queued less than
 * MESSAGE_REQUEUE_AFTER_MS ago may still be on its way into Redis and is left alone); after Redis lost its data the
 * cursor is gone too, so the walk starts again from the beginning.
 */
export async function requeueLostMessages(redis: Redis, pages = 4): Promise<{ checked: number; requeued: number }> {
  const cursorKey = `${env.QUEUE_PREFIX}:campaigns:requeue-cursor`;
  let after = (await redis.get(cursorKey)) ?? "0";
  let checked = 0;
  let requeued = 0;
  for (let page = 0; page < pages; page++) {
    const { rows } = await pool.query<{ id: string; workspace_id: number }>(
      `SELECT m.id::text, m.workspace_id
         FROM message m JOIN campaign c ON c.id = m.campaign_id AND c.status = 'active'
        WHERE m.status IN ('queued', 'sending') AND m.not_before <= now() AND m.id > $1::int8
          AND (m.status = 'queued' OR m.lease_until < now())
          AND (m.enqueued_at IS NULL OR m.enqueued_at < now() - $2::int * interval '1 millisecond')
        ORDER BY m.id LIMIT ${PAGE}`,
      [after, env.MESSAGE_REQUEUE_AFTER_MS],
    );
    if (rows.length === 0) {
      after = "0";
      break;
    }
    checked += rows.length;
    const pipeline = redis.pipeline();
    for (const row of rows) pipeline.exists(`${env.QUEUE_PREFIX}:${QUEUES.messages}:${messageJobId(row.id)}`);
    const answers = (await pipeline.exec()) ?? [];
    const lost = new Map<number, string[]>();
    rows.forEach((row, i) => {
      const [err, exists] = answers[i] ?? [null, 0];
      if (!err && exists === 0) lost.set(row.workspace_id, [...(lost.get(row.workspace_id) ?? []), row.id]);
    });
    for (const [workspaceId, ids] of lost) {
      await pool.query(`UPDATE message SET enqueued_at = NULL WHERE workspace_id = $1 AND id = ANY($2::int8[])`, [workspaceId, ids]);
      requeued += await queueMessages(workspaceId, { messageIds: ids });
    }
    after = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) {
      after = "0";
      break;
    }
  }
  await redis.set(cursorKey, after, "EX", 3600);
  return { checked, requeued };
}
