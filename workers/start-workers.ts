import { UnrecoverableError, Worker, type Job } from "bullmq";
import { env } from "../lib/env.ts";
import { createRedisConnection } from "../lib/queue/connection.ts";
import { JOBS, isJobName, parsePayload, type JobName, type QueueName } from "../lib/queue/jobs.ts";
import { allQueueNames } from "../lib/queue/queues.ts";
import { bumpEpoch } from "../lib/page-cache/epochs.ts";
import { jobMayChangePages, jobRetiresPagesOnStart } from "../lib/page-cache/job-retires-pages.ts";
import { closeWorkerRedis, workerRedis } from "../lib/queue/worker-redis.ts";
import { ensureSchedules } from "./schedules.ts";
import { processors } from "./processors/index.ts";
import type { JobContext, Processor } from "./processors/registry.ts";

// Segment refreshes and imports must never hold up message sending, so each
// queue has its own Worker with its own concurrency.
const CONCURRENCY: Record<QueueName, number> = { analytics: 1, segments: 2, imports: 1, campaigns: 4, messages: env.MESSAGE_CONCURRENCY };

// A 1M-customer model fit keeps the event loop busy for several seconds at a
// time, long enough to miss lock renewals at BullMQ's 30 s default; a stalled
// job would then run twice. Analytics and imports get a longer lock.
const LOCK_DURATION_MS: Record<QueueName, number> = { analytics: 120_000, segments: 60_000, imports: 120_000, campaigns: 120_000, messages: env.MESSAGE_JOB_LOCK_MS };

async function dispatch(job: Job, token?: string): Promise<unknown> {
  if (!isJobName(job.name)) throw new UnrecoverableError(`Unknown job name: ${job.name}`);
  const name: JobName = job.name;
  let payload;
  try {
    payload = parsePayload(name, job.data);
  } catch (err) {
    throw new UnrecoverableError(`Invalid payload for ${name}: ${(err as Error).message}`);
  }
  const processor = processors[name] as Processor<typeof name> | undefined;
  if (!processor) throw new UnrecoverableError(`No processor registered for ${name}`);
  // Pages show what jobs write, and the progress they report: each retires the workspace's cached pages (docs/page-cache.md).
  const workspaceId = "workspaceId" in payload && typeof payload.workspaceId === "number" ? payload.workspaceId : null;
  const retirePages = () => bumpEpoch(workerRedis(), workspaceId).catch((err: unknown) => console.error("page cache: could not bump:", (err as Error).message));
  const ctx: JobContext = {
    job,
    token,
    reportProgress: async (percent) => {
      await job.updateProgress(Math.max(0, Math.min(100, Math.round(percent))));
      await retirePages();
    },
  };
  if (jobRetiresPagesOnStart(name)) await retirePages();
  let result: unknown;
  try {
    result = await processor(payload as never, ctx);
    return result;
  } finally {
    if (jobMayChangePages(name, result)) await retirePages();
  }
}

export interface WorkersHandle {
  queueNames: QueueName[];
  workers: Worker[];
  /** Waits for running jobs to finish; `force` does not (tests, which throw the workers away). */
  close(options?: { force?: boolean }): Promise<void>;
}

/** Starts one Worker per queue (or only `only`), and the recurring schedules. */
export async function startWorkers(options: { only?: QueueName[]; schedules?: boolean } = {}): Promise<WorkersHandle> {
  const queueNames = options.only ?? allQueueNames();
  const connection = createRedisConnection("worker");
  const workers = queueNames.map((queueName) => {
    const worker = new Worker(queueName, dispatch, {
      connection,
      prefix: env.QUEUE_PREFIX,
      concurrency: CONCURRENCY[queueName],
      lockDuration: LOCK_DURATION_MS[queueName],
      // A job whose worker died is looked for as often as its lock lasts.
      stalledInterval: Math.min(LOCK_DURATION_MS[queueName], 30_000),
    });
    worker.on("error", (err) => console.error(`worker ${queueName} error:`, err.message));
    worker.on("failed", (job, err) => console.error(`job ${job?.name}#${job?.id} failed: ${err.message}`));
    return worker;
  });
  if (options.schedules !== false) {
    await ensureSchedules();
    // Job schedulers live in Redis: after Redis comes back empty (a restart
    // without persistence) they are set up again, or nothing recurring would run.
    connection.on("ready", () => {
      ensureSchedules().catch((err: unknown) => console.error("could not restore job schedules:", (err as Error).message));
    });
  }
  return {
    queueNames,
    workers,
    async close(options = {}) {
      await Promise.all(workers.map((w) => w.close(options.force ?? false)));
      await closeWorkerRedis();
      await connection.quit().catch(() => undefined);
    },
  };
}

export { JOBS };
