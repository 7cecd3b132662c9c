import { z } from "zod";
import { QUEUES, type QueueName } from "../queue/jobs.ts";

const queueNames = Object.values(QUEUES) as [QueueName, ...QueueName[]];

/** Which failed job to run again: its queue and its BullMQ id, as the Jobs page lists them. */
export const retryFailedJobSchema = z.object({
  queue: z.enum(queueNames),
  jobId: z.string().min(1, "Name the job to retry.").max(256),
});

export type RetryFailedJobInput = z.infer<typeof retryFailedJobSchema>;
