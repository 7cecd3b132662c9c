import { Queue } from "bullmq";
import { withDb } from "./database.ts";
import { createDraftImport, type Tenant } from "./security-world.ts";

/**
 * A failed job of the workspace, as a user would have one: an upload whose
 * stored file is gone by the time the worker runs it (removed straight from
 * the database before the import is started through the product's route), so
 * the worker fails the import and its job for good. Returns the job's queue
 * and id, read from the run's own queues once the job is in the failed set.
 */
export async function createFailedImportJob(t: Pick<Tenant, "slug" | "sessions">): Promise<{ queue: "imports"; jobId: string }> {
  const importId = await createDraftImport(t);
  await withDb((c) => c.query(`DELETE FROM import_file WHERE import_job_id = $1`, [importId]));
  const start = await t.sessions.ADMIN.json(`/api/w/${t.slug}/imports/${importId}/start`, "POST", {
    mapping: { external_id: "external_id", email: "email", country: "country" },
  });
  if (start.status !== 202) throw new Error(`could not start the import: ${start.status} ${start.body.slice(0, 300)}`);

  const queue = new Queue("imports", { connection: { url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" }, prefix: `vl_e2e_${process.env.E2E_RUN_ID}` });
  try {
    for (let i = 0; i < 300; i++) {
      const failed = await queue.getFailed(0, 500);
      const job = failed.find((j) => (j.data as { importJobId?: unknown }).importJobId === importId);
      if (job?.id) return { queue: "imports", jobId: job.id };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the import job of import ${importId} did not fail within 30 s`);
  } finally {
    await queue.close();
  }
}
