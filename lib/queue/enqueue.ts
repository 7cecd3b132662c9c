import type { JobsOptions } from "bullmq";
import { AppError } from "../errors.ts";
import { JOBS, parsePayload, type JobName, type JobPayload } from "./jobs.ts";
import { getQueue } from "./queues.ts";

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
    const job = await getQueue(JOBS[name].queue).add(name, data, options);
    return job.id ?? options.jobId;
  } catch (err) {
    console.error(`enqueue ${name} failed:`, (err as Error).message);
    throw new AppError("RATE_LIMITED", "The job queue is unavailable right now (Redis did not answer). Try again shortly.");
  }
}
