import { afterAll, describe, expect, it, vi } from "vitest";
import { keptRfmRuns, rfmMigrationMatrix, type MigrationCell } from "../../lib/analytics/rfm/migration-matrix.ts";
import { readAnalyticsSettings } from "../../lib/analytics/recompute/analytics-settings.schema.ts";
import { readRfmSettings } from "../../lib/analytics/rfm/rfm-settings.schema.ts";
import { executeRun } from "../../lib/analytics/runs/execute-run.ts";
import { pool } from "../../lib/db/pool.ts";
import { analyticsSettingsInputSchema } from "../../lib/workspaces/analytics-settings-input.schema.ts";
import { updateAnalyticsSettings } from "../../lib/workspaces/update-analytics-settings.ts";
import * as migrationRoute from "../../app/api/w/[workspace]/analytics/rfm-migration/route.ts";
import { createUser, createWorkspace as createTeamWorkspace } from "../support/factories.ts";
import { addCustomers, addOrders, createWorkspace, daysBefore, metricsByExternalId, queueRun, runRow } from "./analytics-fixtures.ts";
import { call } from "./segment-api-support.ts";

// The route reads the signed-in user from the session cookie; here the test decides who is signed in.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

afterAll(async () => {
  await pool.end();
});

const CUSTOMERS = ["A", "B", "C", "D", "E", "F", "G", "H"];
const START = "2026-01-01T12:00:00.000Z";

/** The as-of of the k-th run (k from 0): thirty days apart, so recency and segments shift between runs. */
const asOfRun = (k: number) => daysBefore(START, -30 * k);

interface Shop {
  workspaceId: number;
  ids: Map<string, string>;
  /** After each run: every customer's segment as customer_metrics showed it (null = not scored). */
  segmentsAfter: Map<number, Map<string, string | null>>;
}

async function shop(workspaceId: number): Promise<Shop> {
  const ids = await addCustomers(workspaceId, CUSTOMERS);
  // A..F have history of different depth; G and H buy for the first time later.
  await addOrders(
    workspaceId,
    ids,
    CUSTOMERS.slice(0, 6).flatMap((customer, i) =>
      Array.from({ length: i + 1 }, (_, k) => ({ customer, placedAt: daysBefore(START, 10 + 40 * i + 7 * k), total: 20 * (i + 1) })),
    ),
  );
  return { workspaceId, ids, segmentsAfter: new Map() };
}

/** Run k: one customer (in turn) buys just before the as-of, then the RFM run publishes. */
async function runNext(s: Shop, k: number): Promise<number> {
  const buyer = CUSTOMERS[(k * 3) % CUSTOMERS.length]!;
  await addOrders(s.workspaceId, s.ids, [{ customer: buyer, placedAt: daysBefore(asOfRun(k), 1), total: 500 }]);
  const runId = await queueRun(s.workspaceId, "rfm", asOfRun(k));
  const outcome = await executeRun("rfm", s.workspaceId, runId);
  expect(outcome.status).toBe("succeeded");
  const metrics = await metricsByExternalId(s.workspaceId);
  s.segmentsAfter.set(runId, new Map(CUSTOMERS.map((c) => [c, metrics.get(c)?.rfm_segment ?? null])));
  return runId;
}

async function snapshotRuns(workspaceId: number): Promise<number[]> {
  const res = await pool.query<{ run_id: number }>(`SELECT DISTINCT run_id FROM rfm_snapshot WHERE workspace_id = $1 ORDER BY run_id`, [workspaceId]);
  return res.rows.map((r) => r.run_id);
}

/** The moves between two runs worked out from what customer_metrics said after each, not from rfm_snapshot. */
function expectedCells(s: Shop, from: number, to: number): Map<string, number> {
  const before = s.segmentsAfter.get(from)!;
  const after = s.segmentsAfter.get(to)!;
  const cells = new Map<string, number>();
  for (const c of CUSTOMERS) {
    const a = before.get(c) ?? null;
    const b = after.get(c) ?? null;
    if (a === null && b === null) continue;
    cells.set(`${a} -> ${b}`, (cells.get(`${a} -> ${b}`) ?? 0) + 1);
  }
  return cells;
}

const asCells = (cells: MigrationCell[]) => new Map(cells.map((c) => [`${c.from} -> ${c.to}`, c.customers]));

const keepRuns = (n: number) => ({ analytics: { runHistory: { rfmSnapshotRuns: n } } });

describe("RFM run history", () => {
  it("after N + 2 runs only the last N keep their snapshots, the run rows stay, and the latest runs still compare", async () => {
    const s = await shop(await createWorkspace({ settings: keepRuns(3) }));
    const runs: number[] = [];
    for (let k = 0; k < 5; k++) runs.push(await runNext(s, k));

    expect(await snapshotRuns(s.workspaceId)).toEqual(runs.slice(2));
    const statuses = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM analytics_run WHERE workspace_id = $1 AND kind = 'rfm' AND status = 'SUCCEEDED'`,
      [s.workspaceId],
    );
    expect(statuses.rows[0]?.n).toBe(5);
    // Each of runs 4 and 5 deleted one run's rows (runs 1 and 2 scored 6 customers each), and says so.
    expect((await runRow(runs[2]!))?.result).toMatchObject({ prunedSnapshotRows: 0 });
    expect((await runRow(runs[3]!))?.result).toMatchObject({ prunedSnapshotRows: 6 });
    expect((await runRow(runs[4]!))?.result).toMatchObject({ prunedSnapshotRows: 6 });
    expect((await runRow(runs[4]!))?.params).toMatchObject({ snapshotRunsKept: 3 });

    const latest = await rfmMigrationMatrix(s.workspaceId, runs[3]!, runs[4]!);
    expect(asCells(latest.cells)).toEqual(expectedCells(s, runs[3]!, runs[4]!));
    expect(latest.cells.some((c) => c.from !== c.to)).toBe(true);
    const oldestKept = await rfmMigrationMatrix(s.workspaceId, runs[2]!, runs[4]!);
    expect(asCells(oldestKept.cells)).toEqual(expectedCells(s, runs[2]!, runs[4]!));
    expect(latest.keptRuns.map((r) => r.id)).toEqual([runs[4], runs[3], runs[2]]);
    expect(latest.keptRuns[0]?.asOf).toBe(asOfRun(4));
  });

  it("asking for a pruned run's moves is a clear not-found naming the run and the kept runs, and changes nothing", async () => {
    const s = await shop(await createWorkspace({ settings: keepRuns(2) }));
    const runs: number[] = [];
    for (let k = 0; k < 3; k++) runs.push(await runNext(s, k));
    expect(await snapshotRuns(s.workspaceId)).toEqual(runs.slice(1));

    const refused = rfmMigrationMatrix(s.workspaceId, runs[0]!, runs[2]!);
    await expect(refused).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    await expect(refused).rejects.toThrow(`RFM run ${runs[0]}'s snapshot was pruned`);
    await expect(refused).rejects.toThrow(`kept runs: ${runs[2]}, ${runs[1]}`);
    // An id no run can have (past int4) is not found either, not a database error.
    await expect(rfmMigrationMatrix(s.workspaceId, 99_999_999_999, runs[2]!)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshotRuns(s.workspaceId)).toEqual(runs.slice(1));
  });

  it("the migration route answers 404 with the reason for a pruned run, and 200 for kept ones", async () => {
    const ws = await createTeamWorkspace();
    await pool.query(`UPDATE workspace SET settings = $2::jsonb WHERE id = $1`, [ws.id, JSON.stringify(keepRuns(2))]);
    const analyst = await createUser(ws.id, "ANALYST");
    const s = await shop(ws.id);
    const runs: number[] = [];
    for (let k = 0; k < 3; k++) runs.push(await runNext(s, k));

    session.userId = analyst.id;
    const params = { workspace: ws.slug };
    const pruned = await call(migrationRoute.GET, `/api/w/${ws.slug}/analytics/rfm-migration?from=${runs[0]}&to=${runs[2]}`, params);
    expect(pruned.status).toBe(404);
    expect(pruned.json).toMatchObject({ error: { code: "NOT_FOUND", message: expect.stringContaining(`RFM run ${runs[0]}'s snapshot was pruned`) } });

    const kept = await call(migrationRoute.GET, `/api/w/${ws.slug}/analytics/rfm-migration?from=${runs[1]}&to=${runs[2]}`, params);
    expect(kept.status).toBe(200);
    const body = kept.json as { cells: MigrationCell[]; keptRuns: { id: number }[] };
    expect(asCells(body.cells)).toEqual(expectedCells(s, runs[1]!, runs[2]!));
    expect(body.keptRuns.map((r) => r.id)).toEqual([runs[2], runs[1]]);
  });

  it("a changed setting applies at the next run: fewer runs prune more, more runs keep more from then on", async () => {
    const ws = await createTeamWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const s = await shop(ws.id);
    const setKeep = async (n: number) => {
      const input = analyticsSettingsInputSchema.parse({ analytics: { ...readAnalyticsSettings({}), runHistory: { rfmSnapshotRuns: n } }, rfm: readRfmSettings({}) });
      await updateAnalyticsSettings(ws.id, admin.id, input);
    };
    const runs: number[] = [];
    for (let k = 0; k < 4; k++) runs.push(await runNext(s, k));
    // Default: three.
    expect(await snapshotRuns(ws.id)).toEqual(runs.slice(1));

    await setKeep(2);
    // Saving the setting deletes nothing by itself.
    expect(await snapshotRuns(ws.id)).toEqual(runs.slice(1));
    runs.push(await runNext(s, 4));
    expect(await snapshotRuns(ws.id)).toEqual(runs.slice(3));

    await setKeep(4);
    runs.push(await runNext(s, 5));
    runs.push(await runNext(s, 6));
    // Pruned snapshots do not come back; from now on four are kept.
    expect(await snapshotRuns(ws.id)).toEqual(runs.slice(3));
    runs.push(await runNext(s, 7));
    expect(await snapshotRuns(ws.id)).toEqual(runs.slice(4));
    expect((await keptRfmRuns(ws.id)).map((r) => r.id)).toEqual(runs.slice(4).reverse());
  });

  it("a run that fails after pruning deletes nothing: the earlier snapshots stay", async () => {
    const s = await shop(await createWorkspace({ settings: keepRuns(2) }));
    const runs: number[] = [];
    for (let k = 0; k < 2; k++) runs.push(await runNext(s, k));

    const runId = await queueRun(s.workspaceId, "rfm", asOfRun(2));
    // Fault injected after the pruning statement, before COMMIT.
    const crash = executeRun("rfm", s.workspaceId, runId, {
      afterStep: async (step) => {
        if (step === "summary") throw new Error("injected crash after pruning");
      },
    });
    await expect(crash).rejects.toThrow("injected crash");
    expect(await snapshotRuns(s.workspaceId)).toEqual(runs);
    expect((await runRow(runId))?.status).toBe("FAILED");

    // The same run without the fault does prune.
    const retried = await runNext(s, 2);
    expect(await snapshotRuns(s.workspaceId)).toEqual([runs[1], retried]);
  });

  it("another workspace's snapshots are untouched", async () => {
    const other = await shop(await createWorkspace({ settings: keepRuns(3) }));
    const otherRuns = [await runNext(other, 0), await runNext(other, 1)];
    const s = await shop(await createWorkspace({ settings: keepRuns(2) }));
    const runs: number[] = [];
    for (let k = 0; k < 4; k++) runs.push(await runNext(s, k));

    expect(await snapshotRuns(s.workspaceId)).toEqual(runs.slice(2));
    expect(await snapshotRuns(other.workspaceId)).toEqual(otherRuns);
    const rows = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rfm_snapshot WHERE workspace_id = $1`, [other.workspaceId]);
    expect(rows.rows[0]?.n).toBe(12);
  });

  it("the tables runs rewrite are vacuumed after 2-5% dead rows, not the stock 20%", async () => {
    const res = await pool.query<{ relname: string; reloptions: string[] }>(
      `SELECT relname, reloptions FROM pg_class
        WHERE relname = ANY ($1::text[]) AND relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY relname`,
      [["customer_metrics", "rfm_snapshot", "segment_membership", "customer_order_timeline", "customer_category_timeline", "customer_product_timeline", "customer_event_timeline"]],
    );
    expect(res.rows).toHaveLength(7);
    for (const row of res.rows) {
      const options = Object.fromEntries(row.reloptions.map((o) => o.split("=")));
      expect({ table: row.relname, vacuum: Number(options.autovacuum_vacuum_scale_factor) <= 0.05 }).toEqual({ table: row.relname, vacuum: true });
      expect({ table: row.relname, analyze: Number(options.autovacuum_analyze_scale_factor) }).toEqual({ table: row.relname, analyze: 0.02 });
    }
  });
});
