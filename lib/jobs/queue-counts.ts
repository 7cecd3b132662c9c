import type { QueueName } from "../queue/jobs.ts";
import { allQueueNames, getQueue } from "../queue/queues.ts";
import { QUEUE_PURPOSES } from "./job-kinds.ts";

/** One queue's jobs by state, across every workspace (BullMQ counts a queue, not a payload). */
export interface QueueCounts {
  queue: QueueName;
  purpose: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Kept for a week, up to 1,000 per queue (DEFAULT_JOB_OPTIONS). */
  completed: number;
}

/** Counts for every queue, one small Redis script each. Callers bound the wait for Redis (queueRequest). */
export async function readQueueCounts(): Promise<QueueCounts[]> {
  return Promise.all(
    allQueueNames().map(async (queue) => {
      const c = await getQueue(queue).getJobCounts("waiting", "prioritized", "active", "delayed", "failed", "completed");
      return {
        queue,
        purpose: QUEUE_PURPOSES[queue],
        // A job with a priority waits in a set of its own; to a person it is waiting all the same.
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
      };
    }),
  );
}
