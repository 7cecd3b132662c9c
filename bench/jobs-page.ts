// Jobs page data against a busy Redis: 100,000 message jobs waiting, 5,000
// failed message jobs of another workspace (the most a queue keeps) newer than
// this workspace's 3 failed imports. Measures the counts, the first page of
// failed jobs and paging to the end. Uses a queue prefix of its own and
// removes it afterwards; no database. `npx tsx bench/jobs-page.ts`
import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { formatTiming, measure } from "./support.ts";

const prefix = `vl_bench_jobs_${process.pid}`;
process.env.QUEUE_PREFIX = prefix;
const { loadJobsPage } = await import("../lib/jobs/jobs-page-data.ts");
const { readQueueCounts } = await import("../lib/jobs/queue-counts.ts");
const { closeQueues, getQueue } = await import("../lib/queue/queues.ts");
const { createRedisConnection } = await import("../lib/queue/connection.ts");

const OURS = 1;
const THEIRS = 2;
const WAITING = 100_000;
const FAILED_THEIRS = 5_000;

const connection = createRedisConnection("worker");

/** Fails every job of a queue for good until `count` have failed. */
async function failAll(queueName: "imports" | "messages", count: number) {
  const worker = new Worker(queueName, async () => Promise.reject(new UnrecoverableError("The provider refused the message (550 mailbox unavailable).")), {
    connection,
    prefix,
    concurrency: 200,
  });
  while ((await getQueue(queueName).getJobCounts("failed")).failed! < count) await new Promise((r) => setTimeout(r, 100));
  await worker.close();
}

async function addMessages(n: number, workspaceId: number, from: number) {
  for (let i = 0; i < n; i += 1000) {
    const bulk = Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({
      name: "message.send",
      data: { workspaceId, messageId: from + i + k },
      opts: { jobId: `msg-${from + i + k}` },
    }));
    await getQueue("messages").addBulk(bulk);
  }
}

try {
  let t0 = performance.now();
  await getQueue("imports").addBulk([1, 2, 3].map((id) => ({ name: "import.run", data: { workspaceId: OURS, importJobId: id }, opts: { jobId: `imp-${id}` } })));
  await failAll("imports", 3);
  await addMessages(FAILED_THEIRS, THEIRS, 0);
  await failAll("messages", FAILED_THEIRS);
  await addMessages(WAITING, THEIRS, 1_000_000);
  console.log(`set up ${WAITING.toLocaleString("en-US")} waiting and ${FAILED_THEIRS.toLocaleString("en-US")} failed message jobs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  console.log((await readQueueCounts()).map((c) => `${c.queue}: ${c.waiting} waiting, ${c.failed} failed`).join("; "));
  console.log(formatTiming("queue counts (4 queues)", await measure(() => readQueueCounts())));
  console.log(formatTiming("first page, other workspace (50 of 5,000)", await measure(() => loadJobsPage(THEIRS, undefined), { runs: 10 })));
  console.log(formatTiming("first page, this workspace (3 behind 5,000)", await measure(() => loadJobsPage(OURS, undefined), { runs: 10 })));

  t0 = performance.now();
  let pages = 0;
  let found = 0;
  let scan: string | undefined;
  do {
    const data = await loadJobsPage(OURS, scan);
    if (!data.reachable) throw new Error(data.message);
    pages++;
    found += data.failed.jobs.length;
    scan = data.failed.next ?? undefined;
  } while (scan !== undefined);
  console.log(`this workspace: ${found} failed jobs found after ${pages} pages, ${((performance.now() - t0) / pages).toFixed(1)} ms a page`);
} finally {
  await closeQueues();
  await connection.quit().catch(() => undefined);
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
  redis.disconnect();
}
process.exit(0);
