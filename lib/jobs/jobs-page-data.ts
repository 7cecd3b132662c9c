import { isAppError } from "../errors.ts";
import { queueRequest } from "../queue/queue-request.ts";
import { firstPage, parseScanCursor } from "./failed-job-scan.ts";
import { listFailedJobs, type FailedJobsPage } from "./list-failed-jobs.ts";
import { readQueueCounts, type QueueCounts } from "./queue-counts.ts";

export type JobsPageData =
  | { reachable: true; counts: QueueCounts[]; failed: FailedJobsPage; /** The page's `?scan=` was not one this page wrote: the list starts from the newest. */ cursorReset: boolean }
  | { reachable: false; message: string };

/**
 * What the Jobs page shows: every queue's counts and a page of this
 * workspace's failed jobs from `scan` (the address's cursor; none for the
 * newest). When Redis does not answer within seconds the page says so
 * instead of waiting or failing.
 */
export async function loadJobsPage(workspaceId: number, scan: string | undefined): Promise<JobsPageData> {
  const cursor = scan === undefined ? firstPage() : parseScanCursor(scan);
  try {
    const [counts, failed] = await queueRequest("reading the job queues", () =>
      Promise.all([readQueueCounts(), listFailedJobs(workspaceId, cursor ?? firstPage())]),
    );
    return { reachable: true, counts, failed, cursorReset: cursor === null };
  } catch (err) {
    if (isAppError(err) && err.code === "UNAVAILABLE") {
      return { reachable: false, message: "The job queue is unreachable: Redis did not answer within a few seconds. Jobs keep their place in Redis; reload this page once it is back." };
    }
    throw err;
  }
}
