import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { env } from "../../env.ts";
import { pool } from "../../db/pool.ts";
import { enqueueMany } from "../../queue/enqueue.ts";
import { createDailyOccurrences } from "./daily-occurrences.ts";
import { occurrenceJobId } from "./occurrences.ts";
import { refreshCampaignStats } from "../results/refresh-campaign-stats.ts";
import { queueDueArmOutcomes } from "../results/due-arm-outcomes.ts";
import { reconcileDueGlobalControl } from "../experiments/reconcile-global-control.ts";
import { queueDueProgrammeRefreshes } from "../programme/due-programme.ts";
import { requeueLostMessages } from "./requeue-lost-messages.ts";
import { sweepTriggers } from "./trigger-sweep.ts";

export interface TickOutcome {
  /** Scheduled campaigns that became active. */
  activated: number;
  started: number;
  triggered: number;
  requeued: number;
  completed: number;
  recounted: number;
  /** Campaigns whose per-arm outcomes were queued for a recount. */
  outcomes: number;
  /** The workspace whose global-control membership was reconciled, if any. */
  reconciledWorkspace: number | null;
}

/**
 * The campaigns' heartbeat (every few seconds, from any worker): scheduled
 * broadcasts whose time has come become active; every due occurrence not yet
 * planned gets its job (again, if Redis lost it); triggered campaigns turn new
 * segment transitions into occurrences; lost messages are queued again; and a
 * broadcast with nothing left to send is completed; campaign counts are
 * refreshed for the pages; per-arm outcome recounts are queued; and one
 * workspace's global control membership history is brought up to date; and
 * programme sums older than an hour are queued for a rewrite. Each step is idempotent.
 */
export async function campaignsTick(redis: Redis): Promise<TickOutcome | { skipped: "another tick is running" }> {
  // Ticks are scheduled every 5 s whatever the last one took; on a busy
  // machine they would pile up and repeat each other's work. One at a time
  // across all workers; the lock expires on its own if its holder dies.
  const lockKey = `${env.QUEUE_PREFIX}:campaigns:tick-lock`;
  const token = randomUUID();
  if ((await redis.set(lockKey, token, "PX", TICK_LOCK_MS, "NX")) !== "OK") return { skipped: "another tick is running" };
  try {
    return await tick(redis);
  } finally {
    await redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
  }
}

const TICK_LOCK_MS = 120_000;
// Deletes the lock only if it is still ours (a tick that outlived its lock must not free the next one's).
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

async function tick(redis: Redis): Promise<TickOutcome> {
  const { rowCount: activated } = await pool.query(
    `UPDATE campaign c SET status = 'active', updated_at = now()
      WHERE c.status = 'scheduled'
        AND EXISTS (SELECT 1 FROM campaign_occurrence o WHERE o.campaign_id = c.id AND o.planned_at IS NULL AND o.due_at <= now())`,
  );
  const triggered = (await sweepTriggers()) + (await createDailyOccurrences());
  const started = await startDueOccurrences();
  const { requeued } = await requeueLostMessages(redis);
  const completed = await completeFinishedBroadcasts();
  const recounted = await refreshCampaignStats();
  const outcomes = await queueDueArmOutcomes();
  const reconciled = await reconcileDueGlobalControl();
  await queueDueProgrammeRefreshes();
  return { activated: activated ?? 0, started, triggered, requeued, completed, recounted, outcomes, reconciledWorkspace: reconciled?.workspaceId ?? null };
}

/** Queues the planning job of every due, unplanned occurrence of an active campaign (same job id: at most once in Redis). */
export async function startDueOccurrences(workspaceId?: number): Promise<number> {
  const { rows } = await pool.query<{ id: string; workspace_id: number; campaign_id: number }>(
    `SELECT o.id::text, o.workspace_id, o.campaign_id
       FROM campaign_occurrence o JOIN campaign c ON c.id = o.campaign_id AND c.status = 'active'
      WHERE o.planned_at IS NULL AND o.due_at <= now() AND ($1::int4 IS NULL OR o.workspace_id = $1)
      ORDER BY o.due_at LIMIT 1000`,
    [workspaceId ?? null],
  );
  if (rows.length === 0) return 0;
  await enqueueMany(
    "campaign.occurrence",
    rows.map((r) => ({
      payload: { workspaceId: r.workspace_id, campaignId: r.campaign_id, occurrenceId: r.id },
      jobId: occurrenceJobId(r.id),
      options: { removeOnComplete: true },
    })),
  );
  return rows.length;
}

/** A broadcast is complete once it is planned and none of its messages is waiting or being sent. */
async function completeFinishedBroadcasts(): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE campaign c SET status = 'completed', completed_at = now(), updated_at = now()
      WHERE c.status = 'active' AND c.kind = 'broadcast'
        AND NOT EXISTS (SELECT 1 FROM campaign_occurrence o WHERE o.campaign_id = c.id AND o.planned_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM message m WHERE m.workspace_id = c.workspace_id AND m.campaign_id = c.id AND m.status IN ('queued', 'sending'))`,
  );
  return rowCount ?? 0;
}
