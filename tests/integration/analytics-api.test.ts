import { afterAll, describe, expect, it, vi } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { executeRun } from "../../lib/analytics/runs/execute-run.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import * as statusRoute from "../../app/api/w/[workspace]/analytics/route.ts";
import * as recomputeRoute from "../../app/api/w/[workspace]/analytics/recompute/route.ts";
import * as migrationRoute from "../../app/api/w/[workspace]/analytics/rfm-migration/route.ts";
import { call } from "./segment-api-support.ts";
import { addCustomers, addOrders, daysBefore } from "./analytics-fixtures.ts";

// The browser routes read the signed-in user from the session cookie; here the test decides who is signed in.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

afterAll(async () => {
  await closeQueues();
  await pool.end();
});

async function team() {
  const ws = await createWorkspace();
  const [admin, analyst, marketer] = await Promise.all([createUser(ws.id, "ADMIN"), createUser(ws.id, "ANALYST"), createUser(ws.id, "MARKETER")]);
  const stranger = await createUser((await createWorkspace()).id, "ADMIN");
  return { ws, admin: admin.id, analyst: analyst.id, marketer: marketer.id, stranger: stranger.id };
}

describe("Recompute now", () => {
  it("an analyst starts RFM and CLV runs once; a second click returns the pending runs; the change is audited", async () => {
    const t = await team();
    const params = { workspace: t.ws.slug };
    session.userId = t.analyst;
    const first = await call(recomputeRoute.POST, `/api/w/${t.ws.slug}/analytics/recompute`, params, { method: "POST" });
    expect(first.status).toBe(202);
    const body = first.json as { runs: { kind: string; runId: number; created: boolean }[]; status: { active: boolean; rfm: { latest: { status: string } } } };
    expect(body.runs.map((r) => [r.kind, r.created])).toEqual([
      ["rfm", true],
      ["clv", true],
    ]);
    expect(body.status.active).toBe(true);
    expect(body.status.rfm.latest.status).toBe("QUEUED");

    session.userId = t.admin;
    const second = await call(recomputeRoute.POST, `/api/w/${t.ws.slug}/analytics/recompute`, params, { method: "POST" });
    expect(second.status).toBe(200);
    expect((second.json as typeof body).runs.map((r) => r.runId)).toEqual(body.runs.map((r) => r.runId));

    const audits = await pool.query(`SELECT actor_user_id, action FROM audit_log WHERE workspace_id = $1`, [t.ws.id]);
    expect(audits.rows).toEqual([{ actor_user_id: t.analyst, action: "analytics.recompute" }]);
  });

  it("a marketer may watch but not start; outsiders see nothing; signed-out users are asked to sign in", async () => {
    const t = await team();
    const params = { workspace: t.ws.slug };
    session.userId = t.marketer;
    expect((await call(recomputeRoute.POST, `/x`, params, { method: "POST" })).status).toBe(403);
    const status = await call(statusRoute.GET, `/x`, params);
    expect(status.status).toBe(200);
    expect(status.json).toEqual({ active: false, rfm: { latest: null, lastSucceeded: null }, clv: { latest: null, lastSucceeded: null } });

    session.userId = t.stranger;
    expect((await call(statusRoute.GET, `/x`, params)).status).toBe(404);
    expect((await call(recomputeRoute.POST, `/x`, params, { method: "POST" })).status).toBe(404);
    session.userId = null;
    expect((await call(statusRoute.GET, `/x`, params)).status).toBe(401);
  });

  it("reports the finished run's time, duration and headline numbers, and the segment migration between runs", async () => {
    const t = await team();
    const params = { workspace: t.ws.slug };
    const ids = await addCustomers(t.ws.id, ["a", "b", "c"]);
    const now = new Date().toISOString();
    await addOrders(t.ws.id, ids, [
      { customer: "a", placedAt: daysBefore(now, 1), total: 100 },
      { customer: "b", placedAt: daysBefore(now, 50), total: 30 },
      { customer: "c", placedAt: daysBefore(now, 300), total: 10 },
    ]);
    session.userId = t.admin;
    const noRuns = await call(migrationRoute.GET, `/api/w/${t.ws.slug}/analytics/rfm-migration`, params);
    expect(noRuns.status).toBe(404);
    expect(noRuns.json).toMatchObject({ error: { message: expect.stringContaining("two successful RFM runs") } });

    const runIds: number[] = [];
    for (let i = 0; i < 2; i++) {
      const started = await call(recomputeRoute.POST, `/x`, params, { method: "POST" });
      const rfm = (started.json as { runs: { kind: string; runId: number }[] }).runs.find((r) => r.kind === "rfm");
      if (!rfm) throw new Error("no rfm run");
      await executeRun("rfm", t.ws.id, rfm.runId);
      await pool.query(`UPDATE analytics_run SET status = 'FAILED' WHERE workspace_id = $1 AND kind = 'clv' AND status = 'QUEUED'`, [t.ws.id]);
      runIds.push(rfm.runId);
    }

    session.userId = t.marketer;
    const status = await call(statusRoute.GET, `/x`, params);
    const rfm = (status.json as { rfm: { latest: Record<string, unknown> } }).rfm.latest;
    expect(rfm).toMatchObject({ id: runIds[1], status: "SUCCEEDED", trigger: "manual", progress: 100, summary: { customers: 3, scoredCustomers: 3 } });
    expect(typeof rfm.finishedAt).toBe("string");
    expect(rfm.durationMs).toBeGreaterThanOrEqual(0);

    const matrix = await call(migrationRoute.GET, `/x`, params);
    expect(matrix.status).toBe(200);
    expect(matrix.json).toMatchObject({ fromRunId: runIds[0], toRunId: runIds[1] });
    const cells = (matrix.json as { cells: { from: string; to: string; customers: number }[] }).cells;
    expect(cells.reduce((s, c) => s + c.customers, 0)).toBe(3);
    expect(cells.every((c) => c.from === c.to)).toBe(true);
  });
});
