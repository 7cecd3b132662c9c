import type { JobsOptions } from "bullmq";
import { JOBS, parsePayload, type JobName, type JobPayload } from "./jobs.ts";
import { getQueue } from "./queues.ts";
import { queueRequest } from "./queue-request.ts";

/**
 * Adds a job after validating its payload. `jobId` should be derived from the
 * business key (e.g. `rfm:run:42`) so a double click or a retried request never
 * queues the same work twice. Enqueue failures propagate: the caller must know.
 * An add abandoned at the timeout may still land once Redis is back: job ids
 * come from business keys, so the caller's retry then finds the job instead of
 * adding another.
 */
export async function enqueue<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  options: { jobId: string } & Omit<JobsOptions, "jobId">,
): Promise<string> {
  const data = parsePayload(name, payload);
  const job = await queueRequest(`enqueue ${name}`, () => getQueue(JOBS[name].queue).add(name, data, options));
  return job.id ?? options.jobId;
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
  await queueRequest(`enqueue ${name} (${bulk.length} jobs)`, () => getQueue(JOBS[name].queue).addBulk(bulk));
  return bulk.map((j) => j.opts.jobId);
}
