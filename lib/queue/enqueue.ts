import type { JobsOptions } from "bullmq";
import { AppError } from "../errors.ts";
import { JOBS, parsePayload, type JobName, type JobPayload } from "./jobs.ts";
import { getQueue } from "./queues.ts";

/**
 * Longest a producer waits for Redis. While Redis is down, BullMQ keeps a
 * command waiting for the connection to come back, which would hold the
 * request until the server's own timeout; a caller must hear within seconds.
 * The abandoned add may still land once Redis is back: job ids come from
 * business keys, so the caller's retry then finds the job instead of adding another.
 */
const ENQUEUE_TIMEOUT_MS = 5_000;

async function withinEnqueueTimeout<T>(adding: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([adding, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Adds a job after validating its payload. `jobId` should be derived from the
 * business key (e.g. `rfm:run:42`) so a double click or a retried request never
 * queues the same work twice. Enqueue failures propagate: the caller must know.
 */
export async function enqueue<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  options: { jobId: string } & Omit<JobsOptions, "jobId">,
): Promise<string> {
  const data = parsePayload(name, payload);
  try {
    const job = await withinEnqueueTimeout(getQueue(JOBS[name].queue).add(name, data, options));
    return job.id ?? options.jobId;
  } catch (err) {
    console.error(`enqueue ${name} failed:`, (err as Error).message);
    throw new AppError("UNAVAILABLE", "The job queue is unavailable right now (Redis did not answer). Try again shortly.");
  }
}

/**
 * Adds many jobs of one kind in a single round trip, each payload validated
 * and each with its business-key `jobId` (ids already present are not added
 * again). Failures propagate like enqueue's.
 */
export async function enqueueMany<N extends JobName>(
  name: N,
  jobs: readonly { payload: JobPayload<N>; jobId: string; options?: Omit<JobsOptions, "jobId"> }[],
): Promise<string[]> {
  const bulk = jobs.map((j) => ({ name, data: parsePayload(name, j.payload), opts: { ...j.options, jobId: j.jobId } }));
  try {
    await withinEnqueueTimeout(getQueue(JOBS[name].queue).addBulk(bulk));
  } catch (err) {
    console.error(`enqueue ${name} (${bulk.length} jobs) failed:`, (err as Error).message);
    throw new AppError("UNAVAILABLE", "The job queue is unavailable right now (Redis did not answer). Try again shortly.");
  }
  return bulk.map((j) => j.opts.jobId);
}
