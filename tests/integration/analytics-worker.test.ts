import { QueueEvents } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { analyticsJobId, requestRecompute } from "../../lib/analytics/recompute/request-recompute.ts";
import { runAnalyticsScheduleTick } from "../../lib/analytics/recompute/schedule-tick.ts";
import { getAnalyticsStatus } from "../../lib/analytics/runs/analytics-status.ts";
import { pool } from "../../lib/db/pool.ts";
import { env } from "../../lib/env.ts";
import { createRedisConnection } from "../../lib/queue/connection.ts";
import { closeQueues, getQueue } from "../../lib/queue/queues.ts";
import { startWorkers } from "../../workers/start-workers.ts";
import { createSimulatedWorkspace, createWorkspace, metricsByExternalId } from "./analytics-fixtures.ts";

afterAll(async () => {
  await closeQueues();
  await pool.end();
});

async function activeRuns(workspaceId: number): Promise<{ id: number; kind: string }[]> {
  const res = await pool.query<{ id: number; kind: string }>(
    `SELECT id, kind FROM analytics_run WHERE workspace_id = $1 AND status IN ('QUEUED', 'RUNNING') ORDER BY kind`,
    [workspaceId],
  );
  return res.rows;
}

describe("requestRecompute", () => {
  it("a second click while runs are pending queues nothing new, even when both clicks race", async () => {
    const workspaceId = await createWorkspace();
    const [a, b] = await Promise.all([requestRecompute(workspaceId, "manual"), requestRecompute(workspaceId, "manual")]);
    const again = await requestRecompute(workspaceId, "manual");
    const ids = (r: typeof a) => r.runs.map((run) => `${run.kind}:${run.runId}`).sort();
    expect(ids(b)).toEqual(ids(a));
    expect(ids(again)).toEqual(ids(a));
    expect(again.alreadyPending).toBe(true);
    // Each run was created by exactly one of the racing requests.
    for (const kind of ["rfm", "clv"]) {
      expect([...a.runs, ...b.runs].filter((run) => run.kind === kind && run.created)).toHaveLength(1);
    }
    expect(await activeRuns(workspaceId)).toHaveLength(2);

    const queue = getQueue("analytics");
    for (const run of a.runs) {
      const job = await queue.getJob(analyticsJobId(run.kind, run.runId));
      expect(job?.data).toEqual({ workspaceId, runId: run.runId });
    }
    const waiting = await queue.getJobs(["waiting", "delayed", "prioritized"]);
    expect(waiting.filter((job) => job.data.workspaceId === workspaceId)).toHaveLength(2);
  });
});

describe("analytics.schedule-tick", () => {
  it("requests a recompute for workspaces whose nightly slot passed since their last run, once", async () => {
    // Tonight's slot an hour ago, so "now + 15 min" cannot cross a slot whatever the time of day.
    const hourAgo = new Date(Date.now() - 3600_000);
    const time = `${String(hourAgo.getUTCHours()).padStart(2, "0")}:${String(hourAgo.getUTCMinutes()).padStart(2, "0")}`;
    const due = await createWorkspace({ timezone: "UTC", settings: { analytics: { schedule: { time } } } });
    const disabled = await createWorkspace({ settings: { analytics: { schedule: { enabled: false } } } });
    const broken = await createWorkspace({ settings: { analytics: { schedule: { time: "25:00" } } } });
    const workspaceIds = [due, disabled, broken];

    const first = await runAnalyticsScheduleTick({ workspaceIds });
    expect(first.checked).toBe(3);
    expect(first.requested).toEqual([due]);
    expect(first.failed.map((f) => f.workspaceId)).toEqual([broken]);
    expect(first.failed[0]?.error).toMatch(/HH:MM/);
    const runs = await pool.query<{ trigger: string }>(`SELECT trigger FROM analytics_run WHERE workspace_id = $1`, [due]);
    expect(runs.rows.map((r) => r.trigger).sort()).toEqual(["schedule", "schedule"]);

    // 15 minutes later: tonight's run exists, nothing more to do.
    const second = await runAnalyticsScheduleTick({ workspaceIds, now: new Date(Date.now() + 15 * 60_000) });
    expect(second.requested).toEqual([]);
    // A day later the slot has moved on: due again.
    const nextDay = await runAnalyticsScheduleTick({ workspaceIds: [due], now: new Date(Date.now() + 25 * 3600_000) });
    expect(nextDay.requested).toEqual([due]);
  });
});

describe("analytics worker end to end", () => {
  it("runs RFM and CLV in a real worker, reporting progress, and publishes the results", async () => {
    const workspaceId = await createSimulatedWorkspace(300, 21);
    const connection = createRedisConnection("worker");
    const events = new QueueEvents("analytics", { connection, prefix: env.QUEUE_PREFIX, lastEventId: "0" });
    const progress = new Map<string, number[]>();
    events.on("progress", ({ jobId, data }) => {
      if (typeof data === "number") progress.set(jobId, [...(progress.get(jobId) ?? []), data]);
    });
    await events.waitUntilReady();
    const workers = await startWorkers({ only: ["analytics"], schedules: false });
    try {
      const request = await requestRecompute(workspaceId, "manual");
      const deadline = Date.now() + 90_000;
      let status = await getAnalyticsStatus(workspaceId);
      while (status.active && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        status = await getAnalyticsStatus(workspaceId);
      }
      expect(status.rfm.latest).toMatchObject({ status: "SUCCEEDED", progress: 100, trigger: "manual", error: null });
      expect(status.clv.latest).toMatchObject({ status: "SUCCEEDED", progress: 100, error: null });
      expect(status.rfm.latest?.durationMs).toBeGreaterThanOrEqual(0);
      expect(status.clv.latest?.summary).toMatchObject({ customers: 300, model: "bg-nbd", converged: true });
      // The LTV page's model section reads the fits from here: BG/NBD then Gamma-Gamma, each with a standard error per parameter.
      expect(status.clv.lastSucceeded?.fits.map((f) => [f.model, Object.keys(f.params).sort(), Object.keys(f.standardErrors).sort()])).toEqual([
        ["bg-nbd", ["a", "alpha", "b", "r"], ["a", "alpha", "b", "r"]],
        ["gamma-gamma", ["p", "q", "v"], ["p", "q", "v"]],
      ]);
      expect(status.rfm.lastSucceeded?.fits).toEqual([]);

      // Progress went up step by step to 100 for both jobs.
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const run of request.runs) {
        const seen = progress.get(analyticsJobId(run.kind, run.runId)) ?? [];
        expect(seen.length, `${run.kind} progress events`).toBeGreaterThanOrEqual(3);
        expect(seen).toEqual([...seen].sort((x, y) => x - y));
        expect(seen.at(-1)).toBe(100);
      }

      const metrics = await metricsByExternalId(workspaceId);
      expect(metrics.size).toBe(300);
      for (const row of metrics.values()) {
        expect(row.rfm_segment).not.toBeNull();
        expect(row.p_alive).toBeGreaterThanOrEqual(0);
        expect(row.p_alive).toBeLessThanOrEqual(1);
        expect(row.expected_purchases_365d ?? -1).toBeGreaterThanOrEqual(row.expected_purchases_90d ?? Infinity);
        expect(row.predicted_clv_12m).toBeGreaterThanOrEqual(0);
        expect(["low", "medium", "high"]).toContain(row.churn_risk_band);
      }

      // Done: a new click makes new runs.
      const next = await requestRecompute(workspaceId, "manual");
      expect(next.runs.every((r) => r.created)).toBe(true);
    } finally {
      await workers.close();
      await events.close();
      await connection.quit();
    }
  });
});
