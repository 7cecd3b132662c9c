import type { Job } from "bullmq";
import type { JobName, JobPayload } from "../../lib/queue/jobs.ts";

export interface JobContext {
  job: Job;
  /** The worker's lock token for this job (needed to move it to delayed from inside the processor). */
  token: string | undefined;
  /** 0..100; shown in the UI through the job and the run record. */
  reportProgress(percent: number): Promise<void>;
}

export type Processor<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<unknown>;

export type ProcessorMap = { [N in JobName]?: Processor<N> };
