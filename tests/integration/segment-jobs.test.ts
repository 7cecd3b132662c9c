import { QueueEvents, type Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { env } from "../../lib/env.ts";
import { readEpochs } from "../../lib/page-cache/epochs.ts";
import { createRedisConnection } from "../../lib/queue/connection.ts";
import { enqueue } from "../../lib/queue/enqueue.ts";
import { closeQueues, getQueue } from "../../lib/queue/queues.ts";
import { archiveSegment } from "../../lib/segments/archive-segment.ts";
import { createSegment } from "../../lib/segments/create-segment.ts";
import { blankCustomer, createTestWorkspace, definitionOf, insertDataset } from "../../lib/segments/testing/segment-test-data.ts";
import { manualRefreshJobId, readRefreshStatus, requestSegmentRefresh } from "../../lib/segments/request-refresh.ts";
import { runSegmentsScheduleTick, scheduledRefreshJobId } from "../../lib/segments/schedule-tick.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";

let workers: WorkersHandle;
let events: QueueEvents;
const eventsConnection = createRedisConnection("worker");
const redis = createRedisConnection("producer");

beforeAll(async () => {
  workers = await startWorkers({ only: ["segments"], schedules: false });
  events = new QueueEvents("segments", { connection: eventsConnection, prefix: env.QUEUE_PREFIX });
  await events.waitUntilReady();
});

afterAll(async () => {
  await workers.close();
  await events.close();
  await eventsConnection.quit().catch(() => undefined);
  await redis.quit().catch(() => undefined);
  await closeQueues();
  await pool.end();
});

async function finished(jobId: string): Promise<Job> {
  const job = await getQueue("segments").getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  await job.waitUntilFinished(events, 60_000);
  return (await getQueue("segments").getJob(jobId))!;
}

async function memberExternalIds(segmentId: number): Promise<string[]> {
  const res = await pool.query<{ external_id: string }>(
    `SELECT c.external_id FROM segment_membership sm JOIN customer c ON c.id = sm.customer_id WHERE sm.segment_id = $1 ORDER BY c.external_id`,
    [segmentId],
  );
  return res.rows.map((r) => r.external_id);
}

const inFrance = definitionOf({ type: "attribute", field: "country", match: { op: "in", values: ["FR"] } });

async function franceWorkspace() {
  const workspaceId = await createTestWorkspace();
  const data = await insertDataset(workspaceId, {
    products: [],
    customers: [
      blankCustomer({ externalId: "a", country: "FR" }),
      blankCustomer({ externalId: "b", country: "FR" }),
      blankCustomer({ externalId: "c", country: "DE" }),
      blankCustomer({ externalId: "d", country: "FR" }),
    ],
  });
  return { workspaceId, ids: data.records.map((r) => r.customer.id) };
}

describe("segment.refresh on the segments worker", () => {
  it("'Refresh now' fills a dynamic segment, then follows the data: entries and exits are recorded", async () => {
    const { workspaceId, ids } = await franceWorkspace();
    const { segment } = await createSegment(workspaceId, null, { name: "France", definition: inFrance });

    await requestSegmentRefresh(workspaceId, segment.id);
    // A second click while the first is pending is the same job.
    await requestSegmentRefresh(workspaceId, segment.id);
    const first = await finished(manualRefreshJobId(segment.id));
    expect(first.progress).toBe(100);
    expect(first.returnvalue).toMatchObject({ segmentId: segment.id, size: 3, entered: 3, exited: 0 });
    expect(await memberExternalIds(segment.id)).toEqual(["a", "b", "d"]);
    const status = await readRefreshStatus(workspaceId, segment.id);
    expect(status).toMatchObject({ state: "succeeded", size: 3, error: null });
    expect(status.lastRefreshedAt).not.toBeNull();

    await pool.query(`UPDATE customer SET country = CASE external_id WHEN 'c' THEN 'FR' WHEN 'd' THEN 'DE' END WHERE workspace_id = $1 AND external_id IN ('c', 'd')`, [
      workspaceId,
    ]);
    // The finished job's id is reused for the next request.
    await requestSegmentRefresh(workspaceId, segment.id);
    const second = await finished(manualRefreshJobId(segment.id));
    expect(second.returnvalue).toMatchObject({ size: 3, entered: 1, exited: 1 });
    expect(await memberExternalIds(segment.id)).toEqual(["a", "b", "c"]);
    const transitions = await pool.query<{ customer_id: string; kind: string }>(
      `SELECT customer_id::text, kind FROM segment_transition WHERE segment_id = $1 AND customer_id = ANY($2::int8[]) ORDER BY id`,
      [segment.id, [ids[2], ids[3]]],
    );
    expect(transitions.rows.map((t) => [t.customer_id, t.kind])).toEqual([
      [ids[3], "ENTERED"],
      [ids[2], "ENTERED"],
      [ids[3], "EXITED"],
    ]);
  });

  it("retires the workspace's cached pages when the refresh starts, reports progress and ends (docs/page-cache.md)", async () => {
    const { workspaceId } = await franceWorkspace();
    const other = await createTestWorkspace();
    const { segment } = await createSegment(workspaceId, null, { name: "France", definition: inFrance });
    const before = [await readEpochs(redis, workspaceId), await readEpochs(redis, other)];
    await requestSegmentRefresh(workspaceId, segment.id);
    await finished(manualRefreshJobId(segment.id));
    const after = [await readEpochs(redis, workspaceId), await readEpochs(redis, other)];
    // At least once at the start and once at the end; the other workspace's pages stay.
    expect(Number(after[0]!.workspace) - Number(before[0]!.workspace)).toBeGreaterThanOrEqual(2);
    expect(after[1]!.workspace).toBe(before[1]!.workspace);
  });

  it("skips a segment archived after its refresh was queued, without retrying", async () => {
    const { workspaceId } = await franceWorkspace();
    const { segment } = await createSegment(workspaceId, null, { name: "Soon archived", definition: inFrance });
    await archiveSegment(workspaceId, null, segment.id);
    const jobId = `segment-refresh-${segment.id}-test-archived`;
    await enqueue("segment.refresh", { workspaceId, segmentId: segment.id }, { jobId });
    const job = await finished(jobId);
    expect(job.attemptsMade).toBe(1);
    expect((job.returnvalue as { skipped?: string }).skipped).toMatch(/archived/);
    expect(await memberExternalIds(segment.id)).toEqual([]);
  });

  it("refuses 'Refresh now' bookkeeping for another workspace's segment", async () => {
    const { workspaceId } = await franceWorkspace();
    const other = await createTestWorkspace();
    const { segment } = await createSegment(workspaceId, null, { name: "Mine", definition: inFrance });
    await expect(readRefreshStatus(other, segment.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("segments.schedule-tick", () => {
  it("queues one refresh per due dynamic segment and hour slot; fresh, static and archived segments are left alone", async () => {
    const { workspaceId } = await franceWorkspace();
    const make = (name: string, kind: "DYNAMIC" | "STATIC" = "DYNAMIC") => createSegment(workspaceId, null, { name, kind, definition: inFrance }).then((r) => r.segment.id);
    const never = await make("Never refreshed");
    const stale = await make("Refreshed 2 hours ago");
    const fresh = await make("Refreshed 5 minutes ago");
    const frozen = await make("Frozen list", "STATIC");
    const archived = await make("Archived");
    await archiveSegment(workspaceId, null, archived);
    await pool.query(`UPDATE segment SET last_refreshed_at = now() - interval '2 hours' WHERE id = $1`, [stale]);
    await pool.query(`UPDATE segment SET last_refreshed_at = now() - interval '5 minutes' WHERE id = $1`, [fresh]);

    const now = new Date();
    const tick = await runSegmentsScheduleTick({ now, workspaceIds: [workspaceId] });
    expect(tick.jobIds).toEqual([scheduledRefreshJobId(never, now), scheduledRefreshJobId(stale, now)]);
    // A second tick in the same slot (say, a second worker process) asks for the same job ids: nothing new is queued.
    const again = await runSegmentsScheduleTick({ now, workspaceIds: [workspaceId] });
    expect(again.jobIds).toEqual(tick.jobIds);

    for (const jobId of tick.jobIds) {
      const job = await finished(jobId);
      expect(job.returnvalue).toMatchObject({ size: 3 });
    }
    const jobs = await getQueue("segments").getJobs(["completed", "failed", "active", "waiting", "delayed"]);
    const mine = jobs.filter((j) => (j.data as { workspaceId?: number }).workspaceId === workspaceId && j.id?.startsWith("segment-refresh-") && !j.id.endsWith("-manual"));
    expect(mine.map((j) => (j.data as { segmentId: number }).segmentId).sort((a, b) => a - b)).toEqual([never, stale].sort((a, b) => a - b));

    const rows = await pool.query<{ id: number; refreshed: boolean }>(
      `SELECT id, last_refreshed_at > now() - interval '1 minute' AS refreshed FROM segment WHERE workspace_id = $1 ORDER BY id`,
      [workspaceId],
    );
    const refreshed = new Map(rows.rows.map((r) => [r.id, r.refreshed]));
    expect(refreshed.get(never)).toBe(true);
    expect(refreshed.get(stale)).toBe(true);
    expect(refreshed.get(fresh)).toBe(false);
    expect(refreshed.get(archived)).toBe(null);
    // The static list was frozen at save and is not refreshed by the tick.
    expect(await memberExternalIds(frozen)).toEqual(["a", "b", "d"]);

    // Once refreshed, they are not due again within the hour.
    expect((await runSegmentsScheduleTick({ workspaceIds: [workspaceId] })).jobIds).toEqual([]);
  });
});
