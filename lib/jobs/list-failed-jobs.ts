import type { Job } from "bullmq";
import type { QueueName } from "../queue/jobs.ts";
import { getQueue } from "../queue/queues.ts";
import { describeJob, workspaceIdOf, type JobSubject, type Rerun } from "./job-kinds.ts";
import { formatScanCursor, scanFailedJobs, type ReadWindow, type ScanCursor } from "./failed-job-scan.ts";

/** A failure reason can be a long message; the page shows at most this much of it. */
const MAX_REASON_CHARS = 4_000;
const MAX_FIRST_LINE_CHARS = 300;

/** One failed job of the workspace as the Jobs page shows it: its kind in words, the ids it works on, never its raw payload. */
export interface FailedJobView {
  queue: QueueName;
  id: string;
  label: string;
  subject: JobSubject | null;
  failedAt: Date;
  attemptsMade: number;
  /** Attempts the job was allowed (retries with backoff included). */
  attempts: number;
  reasonFirstLine: string;
  /** The whole reason (cut at MAX_REASON_CHARS), when it says more than its first line. */
  reasonMore: string | null;
  rerun: Rerun;
}

export interface FailedJobsPage {
  jobs: FailedJobView[];
  /** The address value of the next page (`?scan=`), or null when every failed set has been read. */
  next: string | null;
  /** Failed jobs of every workspace read for this page. */
  scanned: number;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function toView(queue: QueueName, job: Job, failedAt: number): FailedJobView {
  const described = describeJob(job.name, job.data);
  const reason = (job.failedReason ?? "").trim() || "No reason was recorded.";
  const firstLine = reason.split(/\r?\n/, 1)[0]!;
  return {
    queue,
    id: job.id ?? "",
    label: described.label,
    subject: described.subject,
    failedAt: new Date(failedAt),
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    reasonFirstLine: clip(firstLine, MAX_FIRST_LINE_CHARS),
    reasonMore: reason.length > firstLine.length || firstLine.length > MAX_FIRST_LINE_CHARS ? clip(reason, MAX_REASON_CHARS) : null,
    rerun: described.rerun,
  };
}

/**
 * The workspace's failed jobs, newest first, one page at a time from
 * `cursor` (lib/jobs/failed-job-scan.ts reads the shared failed sets in
 * bounded windows). A job belongs to the workspace named in its payload;
 * global jobs (the schedule ticks) belong to none and are never listed.
 * Callers bound the wait for Redis (queueRequest).
 */
export async function listFailedJobs(workspaceId: number, cursor: ScanCursor): Promise<FailedJobsPage> {
  const read: ReadWindow<FailedJobView> = async (queueName, offset, count) => {
    const queue = getQueue(queueName);
    const ids = await queue.getRanges(["failed"], offset, offset + count - 1, false);
    // One round trip each, sent together on the one connection.
    const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
    return jobs.map((job) => {
      // A job removed or retried since the range was read is skipped.
      if (!job || job.finishedOn === undefined) return { failedAt: null, match: null };
      const match = workspaceIdOf(job.data) === workspaceId ? toView(queueName, job, job.finishedOn) : null;
      return { failedAt: job.finishedOn, match };
    });
  };
  const page = await scanFailedJobs(read, cursor);
  return { jobs: page.found.map((f) => f.job), next: page.next ? formatScanCursor(page.next) : null, scanned: page.scanned };
}
