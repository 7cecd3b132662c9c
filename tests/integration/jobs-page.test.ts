import { UnrecoverableError, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropQueuePrefix } from "../support/drop-queue-prefix.ts";

// Queue-wide counts are asserted exactly here, so this file keeps a queue prefix of its own
// (set before the queue modules read the environment) instead of sharing the run's with other files' workers.
const prefix = `${inject("queuePrefix")}_jobs`;
process.env.QUEUE_PREFIX = prefix;

const { db } = await import("../../lib/db/client.ts");
const { pool } = await import("../../lib/db/pool.ts");
const { resolveAccess } = await import("../../lib/auth/resolve-access.ts");
const { createRedisConnection } = await import("../../lib/queue/connection.ts");
const { enqueue, enqueueMany } = await import("../../lib/queue/enqueue.ts");
const { closeQueues, getQueue } = await import("../../lib/queue/queues.ts");
const { createImport } = await import("../../lib/ingest/imports/create-import.ts");
const { getImport } = await import("../../lib/ingest/imports/get-import.ts");
const { loadImport } = await import("../../lib/ingest/imports/load-import.ts");
const { startImport } = await import("../../lib/ingest/imports/start-import.ts");
const { loadJobsPage } = await import("../../lib/jobs/jobs-page-data.ts");
const { retryFailedJob } = await import("../../lib/jobs/retry-failed-job.ts");
const { startWorkers } = await import("../../workers/start-workers.ts");
const { createUser, createWorkspace } = await import("../support/factories.ts");

type JobsPageData = Awaited<ReturnType<typeof loadJobsPage>>;

const connection = createRedisConnection("worker");
let importWorkers: Awaited<ReturnType<typeof startWorkers>>;

beforeAll(async () => {
  importWorkers = await startWorkers({ only: ["imports"], schedules: false });
});

afterAll(async () => {
  await importWorkers.close();
  await connection.quit().catch(() => undefined);
  await closeQueues();
  await dropQueuePrefix(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", prefix);
  await db.$disconnect();
  await pool.end();
});

/** Waits (bounded) for a condition the worker brings about. */
async function until<T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

function reachable(data: JobsPageData) {
  if (!data.reachable) throw new Error(`the queues were not reachable: ${data.message}`);
  return data;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "OK",
    (err: unknown) => (err as { code?: string }).code ?? String(err),
  );
}

const CSV = new TextEncoder().encode("external_id,email\nj-1,j-1@example.com\nj-2,j-2@example.com\n");

/** A confirmed import whose stored file was removed before the worker ran it: the worker fails it for good. */
async function failedImport(workspaceId: number, userId: string) {
  const { id } = await createImport({ workspaceId, userId, kind: "CUSTOMERS", fileName: "customers.csv", bytes: CSV });
  const draft = await loadImport(workspaceId, id);
  await pool.query(`DELETE FROM import_file WHERE import_job_id = $1`, [id]);
  await startImport({ workspaceId, userId, importJobId: id, input: { mapping: draft.mapping, attributeColumns: [] } });
  const job = await until(`import ${id}'s job to fail`, async () => {
    const failed = await getQueue("imports").getFailed(0, -1);
    return failed.find((j) => (j.data as { importJobId: number }).importJobId === id);
  });
  return { importId: id, jobId: job.id! };
}

describe("the Jobs page's data", () => {
  it("lists only this workspace's failed jobs, newest first, with their reason, across pages; counts are queue-wide", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    // A segments worker that fails every job for good: the failures to list, from any workspace, and a global tick.
    const failing = new Worker(
      "segments",
      async (job) => {
        throw new UnrecoverableError(`Segment ${(job.data as { segmentId?: number }).segmentId ?? "-"} cannot be compiled: a rule names an archived segment.\nRule path: root.children[0]`);
      },
      { connection, prefix, concurrency: 50 },
    );
    try {
      await enqueue("segment.refresh", { workspaceId: a.id, segmentId: 11 }, { jobId: `jobs-a-11` });
      await until("A's first failure", async () => (await getQueue("segments").getJobState("jobs-a-11")) === "failed");
      await enqueueMany(
        "segment.refresh",
        Array.from({ length: 230 }, (_, i) => ({ payload: { workspaceId: b.id, segmentId: 1000 + i }, jobId: `jobs-b-${i}` })),
      );
      await enqueue("segments.schedule-tick", {}, { jobId: "jobs-tick" });
      await until("every failure", async () => (await getQueue("segments").getJobCounts("failed")).failed === 232);
      await enqueue("segment.refresh", { workspaceId: a.id, segmentId: 12 }, { jobId: `jobs-a-12` });
      await until("A's last failure", async () => (await getQueue("segments").getJobState("jobs-a-12")) === "failed");
    } finally {
      await failing.close();
    }

    const pageA = reachable(await loadJobsPage(a.id, undefined));
    expect(pageA.counts.find((c) => c.queue === "segments")).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 233 });
    expect(pageA.counts.map((c) => c.queue)).toEqual(["analytics", "segments", "imports", "campaigns", "messages"]);
    expect(pageA.failed.jobs.map((j) => [j.id, j.label, j.subject])).toEqual([
      ["jobs-a-12", "Segment refresh", { text: "Segment 12", path: "/segments/12" }],
      ["jobs-a-11", "Segment refresh", { text: "Segment 11", path: "/segments/11" }],
    ]);
    expect(pageA.failed.jobs[0]).toMatchObject({
      queue: "segments",
      attemptsMade: 1,
      attempts: 3,
      reasonFirstLine: "Segment 12 cannot be compiled: a rule names an archived segment.",
      reasonMore: "Segment 12 cannot be compiled: a rule names an archived segment.\nRule path: root.children[0]",
      rerun: { by: "retry" },
    });
    // A's jobs lie at both ends of the failed set: the page read past the first window to find the older one.
    expect(pageA.failed.scanned).toBe(233);
    expect(pageA.failed.next).toBeNull();

    // B pages through its 230 failures, 50 at a time, each once, newest first; the tick belongs to nobody.
    const seen: string[] = [];
    let failedAt = Number.POSITIVE_INFINITY;
    let scan: string | undefined;
    let pages = 0;
    do {
      const page = reachable(await loadJobsPage(b.id, scan));
      expect(page.failed.jobs.length).toBeLessThanOrEqual(50);
      for (const job of page.failed.jobs) {
        expect(job.failedAt.getTime()).toBeLessThanOrEqual(failedAt);
        failedAt = job.failedAt.getTime();
        seen.push(job.id);
      }
      scan = page.failed.next ?? undefined;
      pages++;
    } while (scan !== undefined && pages < 20);
    expect(new Set(seen).size).toBe(230);
    expect(seen.every((id) => id.startsWith("jobs-b-"))).toBe(true);
    expect(pages).toBe(5);

    // An address cursor this page did not write starts from the newest.
    const reset = reachable(await loadJobsPage(a.id, "segments:-4"));
    expect(reset.cursorReset).toBe(true);
    expect(reset.failed.jobs.map((j) => j.id)).toEqual(["jobs-a-12", "jobs-a-11"]);
  });

  it("an admin's retry puts a failed import back in the queue and the worker completes it; other workspaces' jobs are not found", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const adminA = await createUser(a.id, "ADMIN");
    const analystA = await createUser(a.id, "ANALYST");
    const marketerA = await createUser(a.id, "MARKETER");
    const adminB = await createUser(b.id, "ADMIN");
    const ours = await failedImport(a.id, adminA.id);
    const theirs = await failedImport(b.id, adminB.id);

    const listed = reachable(await loadJobsPage(a.id, undefined)).failed.jobs;
    expect(listed.map((j) => j.id)).toEqual([ours.jobId]);
    expect(listed[0]).toMatchObject({
      queue: "imports",
      label: "CSV import",
      subject: { text: `Import ${ours.importId}`, path: `/import/${ours.importId}` },
      attemptsMade: 1,
      reasonFirstLine: "The uploaded file is no longer stored.",
      reasonMore: null,
    });

    // Everyone may look; only admins may retry (the server action asks for jobs.manage).
    expect(await codeOf(resolveAccess(analystA.id, a.slug, "jobs.read"))).toBe("OK");
    expect(await codeOf(resolveAccess(analystA.id, a.slug, "jobs.manage"))).toBe("FORBIDDEN");
    expect(await codeOf(resolveAccess(marketerA.id, a.slug, "jobs.manage"))).toBe("FORBIDDEN");
    expect(await codeOf(resolveAccess(adminA.id, a.slug, "jobs.manage"))).toBe("OK");

    // B's job asked for under A is the same NOT_FOUND as a job nobody has, and stays failed.
    expect(await codeOf(retryFailedJob(a.id, adminA.id, { queue: "imports", jobId: theirs.jobId }))).toBe("NOT_FOUND");
    expect(await codeOf(retryFailedJob(a.id, adminA.id, { queue: "imports", jobId: "import-run-999999-0" }))).toBe("NOT_FOUND");
    expect(await codeOf(retryFailedJob(a.id, adminA.id, { queue: "segments", jobId: ours.jobId }))).toBe("NOT_FOUND");
    expect(await getQueue("imports").getJobState(theirs.jobId)).toBe("failed");

    // The file is back (say, restored); the retry runs the import again to the end.
    await pool.query(`INSERT INTO import_file (import_job_id, content) VALUES ($1, $2)`, [ours.importId, Buffer.from(CSV)]);
    await expect(retryFailedJob(a.id, adminA.id, { queue: "imports", jobId: ours.jobId })).resolves.toEqual({ label: "CSV import" });
    await until("the retried job to complete", async () => (await getQueue("imports").getJobState(ours.jobId)) === "completed");
    expect(await getImport(a.id, ours.importId)).toMatchObject({ status: "SUCCEEDED", insertedRows: 2 });
    expect(reachable(await loadJobsPage(a.id, undefined)).failed.jobs).toEqual([]);

    // A job no longer failed cannot be retried again; the refused retry leaves no audit row.
    expect(await codeOf(retryFailedJob(a.id, adminA.id, { queue: "imports", jobId: ours.jobId }))).toBe("CONFLICT");
    const audits = await db.auditLog.findMany({ where: { workspaceId: { in: [a.id, b.id] }, action: "job.retried" }, select: { workspaceId: true, actorUserId: true, targetId: true } });
    expect(audits).toEqual([{ workspaceId: a.id, actorUserId: adminA.id, targetId: `imports:${ours.jobId}` }]);
  });

  it("a failed analytics run's job is listed with where to start a new run, and is not retried", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    // A stand-in analytics worker fails this workspace's run for good, as the real one does on a permanent error,
    // and lets the runs the import above asked for through.
    const failing = new Worker(
      "analytics",
      async (job) => {
        if ((job.data as { workspaceId: number }).workspaceId === ws.id) throw new UnrecoverableError("The model did not converge.\nGradient norm 3.2e-1 after 200 iterations.");
      },
      { connection, prefix },
    );
    try {
      await enqueue("rfm.recompute", { workspaceId: ws.id, runId: 77 }, { jobId: `jobs-rfm-${ws.id}` });
      await until("the run's job to fail", async () => (await getQueue("analytics").getJobState(`jobs-rfm-${ws.id}`)) === "failed");
    } finally {
      await failing.close();
    }
    const [job] = reachable(await loadJobsPage(ws.id, undefined)).failed.jobs;
    expect(job).toMatchObject({ label: "RFM recompute", subject: { text: "Run 77", path: "/rfm" }, reasonFirstLine: "The model did not converge.", rerun: { by: "elsewhere", path: "/rfm" } });
    const refused = await retryFailedJob(ws.id, admin.id, { queue: "analytics", jobId: `jobs-rfm-${ws.id}` }).catch((e: unknown) => e as { code: string; message: string });
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Recompute now") });
    expect(await getQueue("analytics").getJobState(`jobs-rfm-${ws.id}`)).toBe("failed");
  });
});
