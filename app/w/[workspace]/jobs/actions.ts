"use server";

import { retryFailedJobSchema } from "@/lib/jobs/retry-failed-job.schema";
import { retryFailedJob } from "@/lib/jobs/retry-failed-job";
import { workspaceAction } from "@/lib/next/workspace-action";

// No revalidation: the row stays on screen saying it was retried, until the page is refreshed.
export const retryFailedJobAction = workspaceAction("jobs.manage", retryFailedJobSchema, async (input, access) => {
  return retryFailedJob(access.workspace.id, access.userId, input);
});
