import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "../env.ts";
import { createRedisConnection } from "./connection.ts";
import { QUEUES, type QueueName } from "./jobs.ts";

// Defaults set once for every job: retries with backoff, and bounded history so
// Redis does not grow without limit.
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 5000 },
} as const;

const globalForQueues = globalThis as unknown as {
  valueloopQueues?: Map<string, Queue>;
  valueloopProducerRedis?: Redis;
};

function producerConnection(): Redis {
  globalForQueues.valueloopProducerRedis ??= createRedisConnection("producer");
  return globalForQueues.valueloopProducerRedis;
}

/** The producer-side Queue for a name (one per process). */
export function getQueue(name: QueueName): Queue {
  globalForQueues.valueloopQueues ??= new Map();
  const key = `${env.QUEUE_PREFIX}:${name}`;
  let queue = globalForQueues.valueloopQueues.get(key);
  if (!queue) {
    queue = new Queue(name, { connection: producerConnection(), prefix: env.QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    // A lost Redis connection is reported here and retried by ioredis; without a listener it would crash the process.
    queue.on("error", (err: Error) => console.error(`queue ${name} error:`, err.message));
    globalForQueues.valueloopQueues.set(key, queue);
  }
  return queue;
}

export function allQueueNames(): QueueName[] {
  return Object.values(QUEUES);
}

/** Closes producer queues and their connection (scripts and tests). */
export async function closeQueues(): Promise<void> {
  const queues = globalForQueues.valueloopQueues;
  if (queues) await Promise.all([...queues.values()].map((q) => q.close()));
  globalForQueues.valueloopQueues = undefined;
  if (globalForQueues.valueloopProducerRedis) {
    await globalForQueues.valueloopProducerRedis.quit().catch(() => undefined);
    globalForQueues.valueloopProducerRedis = undefined;
  }
}
