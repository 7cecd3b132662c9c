import { ErrorCode } from "bullmq";
import { audit } from "../audit.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { queueRequest } from "../queue/queue-request.ts";
import { getQueue } from "../queue/queues.ts";
import { describeJob, workspaceIdOf } from "./job-kinds.ts";
import type { RetryFailedJobInput } from "./retry-failed-job.schema.ts";

/**
 * Puts one of the workspace's failed jobs back in its queue, with its
 * attempts counted afresh, and records who did. A job of another workspace
 * (or a global one) is NOT_FOUND, exactly like a job that does not exist; a
 * job no longer failed, or of a kind that is run again elsewhere (a failed
 * analytics run), is a CONFLICT saying what to do instead.
 */
export async function retryFailedJob(workspaceId: number, actorUserId: string, input: RetryFailedJobInput): Promise<{ label: string }> {
  const queue = getQueue(input.queue);
  const job = await queueRequest("reading a failed job", () => queue.getJob(input.jobId));
  if (!job || workspaceIdOf(job.data) !== workspaceId) throw new AppError("NOT_FOUND", "Job not found");
  const described = describeJob(job.name, job.data);
  if (described.rerun.by !== "retry") throw new AppError("CONFLICT", described.rerun.how);

  await withTransaction(async (client) => {
    await audit(client, {
      workspaceId,
      actorUserId,
      action: "job.retried",
      targetType: "job",
      targetId: `${input.queue}:${input.jobId}`,
      metadata: { name: job.name, attemptsMade: job.attemptsMade },
    });
    // The retry runs before the audit row commits: if Redis refuses it (the job
    // is no longer failed) or does not answer, the row rolls back with it, and
    // a retry whose row cannot be written does not happen.
    await queueRequest("retrying a failed job", async () => {
      try {
        await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === ErrorCode.JobNotExist) throw new AppError("NOT_FOUND", "Job not found");
        if (code === ErrorCode.JobNotInState) throw new AppError("CONFLICT", "This job is no longer failed: it has been retried or removed since the page was loaded.");
        throw err;
      }
    });
  });
  return { label: described.label };
}
