import { UnrecoverableError } from "bullmq";
import { isAppError } from "../../lib/errors.ts";
import { runImport } from "../../lib/ingest/imports/run-import.ts";
import type { Processor } from "./registry.ts";

/** import.run: one confirmed CSV import. A file that cannot be read is final; database trouble is retried (re-running is safe). */
export const importRun: Processor<"import.run"> = async (payload, ctx) => {
  const willRetry = ctx.job.attemptsMade + 1 < (ctx.job.opts.attempts ?? 1);
  try {
    return await runImport(payload.workspaceId, payload.importJobId, { onProgress: (pct) => ctx.reportProgress(pct), willRetry });
  } catch (err) {
    if (isAppError(err)) throw new UnrecoverableError(err.message);
    throw err;
  }
};
