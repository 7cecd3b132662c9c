import { afterAll, describe, expect, it } from "vitest";
import { getRfmDashboard } from "../../lib/analytics/dashboard/rfm-dashboard.ts";
import { rfmMigrationMatrix, type MigrationCell } from "../../lib/analytics/rfm/migration-matrix.ts";
import { executeRun } from "../../lib/analytics/runs/execute-run.ts";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";
import { pool } from "../../lib/db/pool.ts";
import { addCustomers, addOrders, createWorkspace, queueRun, type OrderSpec } from "./analytics-fixtures.ts";

afterAll(async () => {
  await pool.end();
});

// The RFM page compares any two kept runs from counts each run stored when it
// published; the oracle pairs the two runs' snapshot rows customer by customer
// in TypeScript. Segment value is checked against the published metrics
// regrouped in TypeScript.

const DAY_MS = 86_400_000;
const LAST_DAY = Math.floor(Date.parse("2026-03-31T00:00:00Z") / DAY_MS);
const asOf = (daysBack: number) => new Date((LAST_DAY - daysBack) * DAY_MS + 12 * 3600 * 1000).toISOString();

async function workspace() {
  const records = simulateBgNbdTransactions(
    { r: 0.9, alpha: 15, a: 0.6, b: 2.5 },
    { customers: 300, firstDay: LAST_DAY - 400, acquisitionDays: 380, lastDay: LAST_DAY, timeUnit: "day", seed: 5, spend: { p: 6, q: 4, gamma: 15 } },
  );
  const ws = await createWorkspace({ timezone: "Europe/Berlin", settings: { analytics: { runHistory: { rfmSnapshotRuns: 3 } } } });
  const ids = await addCustomers(ws, [...new Set(records.map((r) => r.customerId))]);
  const orders: OrderSpec[] = records.map((r, i) => ({
    customer: r.customerId,
    placedAt: new Date(r.day * DAY_MS + ((i * 5) % 23) * 3600 * 1000).toISOString(),
    total: Math.round((r.amount ?? 10) * 100) / 100,
    status: "completed",
  }));
  await addOrders(ws, ids, orders);
  return ws;
}

async function run(ws: number, kind: "rfm" | "clv", at: string) {
  const runId = await queueRun(ws, kind, at);
  expect((await executeRun(kind, ws, runId)).status).toBe("succeeded");
  return runId;
}

async function oracleMoves(ws: number, from: number, to: number): Promise<MigrationCell[]> {
  const snap = async (runId: number) => {
    const res = await pool.query<{ id: string; segment: string }>("SELECT customer_id::text AS id, segment FROM rfm_snapshot WHERE workspace_id = $1 AND run_id = $2", [ws, runId]);
    return new Map(res.rows.map((r) => [r.id, r.segment]));
  };
  const a = await snap(from);
  const b = await snap(to);
  const counts = new Map<string, MigrationCell>();
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const cell = { from: a.get(id) ?? null, to: b.get(id) ?? null };
    const key = JSON.stringify(cell);
    counts.set(key, { ...cell, customers: (counts.get(key)?.customers ?? 0) + 1 });
  }
  return sortCells([...counts.values()]);
}

const sortCells = (cells: MigrationCell[]) => [...cells].sort((x, y) => JSON.stringify([x.from, x.to]).localeCompare(JSON.stringify([y.from, y.to])));

describe("RFM page: moves between any two kept runs, and segment value", () => {
  it("reads stored moves for every pair of kept runs, either way round, equal to pairing the snapshots", async () => {
    const ws = await workspace();
    const r1 = await run(ws, "rfm", asOf(120));
    const r2 = await run(ws, "rfm", asOf(60));
    const r3 = await run(ws, "rfm", asOf(0));

    // The latest run stored its moves from both earlier kept runs.
    const stored = await pool.query<{ kept: { fromRunId: number }[] }>("SELECT data->'movesFromKept' AS kept FROM analytics_run_aggregate WHERE run_id = $1", [r3]);
    expect(stored.rows[0]!.kept.map((m) => m.fromRunId).sort()).toEqual([r1, r2].sort());

    for (const [from, to] of [
      [r1, r3],
      [r3, r1],
      [r1, r2],
      [r2, r3],
      [r2, r1],
    ] as const) {
      const matrix = await rfmMigrationMatrix(ws, from, to);
      expect(sortCells(matrix.cells), `${from} → ${to}`).toEqual(await oracleMoves(ws, from, to));
    }
    const moved = (await oracleMoves(ws, r1, r3)).filter((c) => c.from !== c.to);
    expect(moved.length).toBeGreaterThan(0);

    // A fourth run prunes r1: it can no longer be chosen, and says which runs can.
    const r4 = await run(ws, "rfm", asOf(0));
    await expect(rfmMigrationMatrix(ws, r1, r4)).rejects.toMatchObject({ code: "NOT_FOUND", details: { keptRunIds: [r4, r3, r2] } });
    expect(sortCells((await rfmMigrationMatrix(ws, r2, r4)).cells)).toEqual(await oracleMoves(ws, r2, r4));
  });

  it("shows each segment's predicted CLV from the latest CLV run", async () => {
    const ws = await workspace();
    const rfmRun = await run(ws, "rfm", asOf(0));
    const clvRun = await run(ws, "clv", asOf(0));
    const d = await getRfmDashboard(ws);
    expect(d.overview.runId).toBe(rfmRun);
    expect(d.clvRunId).toBe(clvRun);
    const metrics = await pool.query<{ segment: string; clv: number; p_alive: number; revenue: string }>(
      "SELECT rfm_segment AS segment, predicted_clv_12m AS clv, p_alive, revenue::text FROM customer_metrics WHERE workspace_id = $1 AND churn_risk_band IS NOT NULL",
      [ws],
    );
    const bySegment = new Map<string, { n: number; clv: number; alive: number }>();
    for (const m of metrics.rows) {
      const g = bySegment.get(m.segment) ?? { n: 0, clv: 0, alive: 0 };
      g.n++;
      g.clv += m.clv;
      g.alive += m.p_alive;
      bySegment.set(m.segment, g);
    }
    expect(d.segmentValue.map((s) => s.segment).sort()).toEqual([...bySegment.keys()].sort());
    for (const s of d.segmentValue) {
      const g = bySegment.get(s.segment)!;
      expect(s.clvCustomers, s.segment).toBe(g.n);
      expect(s.customers, s.segment).toBe(g.n);
      expect(s.predictedClv12m!, s.segment).toBeCloseTo(g.clv, 6);
      expect(s.meanPAlive!, s.segment).toBeCloseTo(g.alive / g.n, 12);
    }
  });
});
