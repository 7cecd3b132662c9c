import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { computeRfm } from "../../lib/analytics/rfm/compute-rfm.ts";
import { latestRfmRunIds, rfmMigrationMatrix } from "../../lib/analytics/rfm/migration-matrix.ts";
import { readRfmSettings } from "../../lib/analytics/rfm/rfm-settings.schema.ts";
import { executeRun } from "../../lib/analytics/runs/execute-run.ts";
import { addCustomers, addOrders, createWorkspace, daysBefore, metricsByExternalId, queueRun, runRow, type OrderSpec } from "./analytics-fixtures.ts";

const AS_OF = "2026-01-31T12:00:00.000Z";

/**
 * Ten buyers and one customer who never ordered. Worked by hand with the rule
 * score = ceil(5 × (below + ties/2) / n), n = 10 (docs/rfm.md):
 *
 *        recency  orders  revenue |  R  F  M  FM  segment
 *   A       0       5       500   |  5  5  5  5   Champions
 *   B       0       3       300   |  5  4  4  4   Champions
 *   C      10       3       300   |  4  4  4  4   Loyal
 *   D      10       1        50   |  4  2  2  2   Potential loyalist
 *   E      30       1        50   |  3  2  2  2   About to sleep
 *   F      30       1        20   |  3  2  1  2   About to sleep
 *   G     100       2       120   |  2  3  3  3   At risk
 *   H     200       1        20   |  2  2  1  2   Hibernating
 *   I     365       4       400   |  1  5  5  5   Cannot lose them
 *   J     365       1        20   |  1  2  1  2   Lost
 *   K       -       0         0   |  -  -  -  -   (none)
 *
 * e.g. R for recency 30 (E, F): 4 customers are older, 2 tie → (4 + 1)/10 → ceil(2.5) = 3.
 * M for 50 (D, E): 3 below, 2 tie → (3 + 1)/10 × 5 = 2 exactly → 2 (integer maths, no float drift).
 */
function handBuiltOrders(): OrderSpec[] {
  const at = (days: number, hours = 1) => daysBefore(AS_OF, days, hours);
  const many = (customer: string, days: number[], total: number) => days.map((d) => ({ customer, placedAt: at(d), total }));
  return [
    ...many("A", [0, 20, 40, 60, 80], 100),
    ...many("B", [0, 30, 50], 100),
    ...many("C", [10, 40, 70], 100),
    { customer: "D", placedAt: at(10), total: 50 },
    { customer: "E", placedAt: at(30), total: 50 },
    { customer: "F", placedAt: at(30), total: 20 },
    ...many("G", [100, 150], 60),
    { customer: "H", placedAt: at(200), total: 20 },
    // After the as-of time: ignored.
    { customer: "H", placedAt: daysBefore(AS_OF, -1), total: 999 },
    ...many("I", [365, 400, 420, 500], 100),
    { customer: "J", placedAt: at(365), total: 20 },
    // Cancelled: ignored.
    { customer: "J", placedAt: at(0), total: 1000, status: "cancelled" },
  ];
}

const EXPECTED: Record<string, [number, number, number, string]> = {
  A: [5, 5, 5, "Champions"],
  B: [5, 4, 4, "Champions"],
  C: [4, 4, 4, "Loyal"],
  D: [4, 2, 2, "Potential loyalist"],
  E: [3, 2, 2, "About to sleep"],
  F: [3, 2, 1, "About to sleep"],
  G: [2, 3, 3, "At risk"],
  H: [2, 2, 1, "Hibernating"],
  I: [1, 5, 5, "Cannot lose them"],
  J: [1, 2, 1, "Lost"],
};

async function handBuiltWorkspace(settings: unknown = {}): Promise<{ workspaceId: number; ids: Map<string, string> }> {
  const workspaceId = await createWorkspace({ settings });
  const ids = await addCustomers(workspaceId, ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"]);
  await addOrders(workspaceId, ids, handBuiltOrders());
  return { workspaceId, ids };
}

async function runRfm(workspaceId: number, asOf = AS_OF): Promise<number> {
  const runId = await queueRun(workspaceId, "rfm", asOf);
  const outcome = await executeRun("rfm", workspaceId, runId);
  expect(outcome.status).toBe("succeeded");
  return runId;
}

afterAll(async () => {
  await pool.end();
});

describe("RFM run on a hand-built workspace", () => {
  it("gives the scores and segments worked out by hand, ties sharing a score", async () => {
    const { workspaceId } = await handBuiltWorkspace();
    // A second workspace with the same customer ids and very different orders must not leak in.
    const other = await createWorkspace();
    const otherIds = await addCustomers(other, ["J", "K"]);
    await addOrders(other, otherIds, Array.from({ length: 30 }, (_, i) => ({ customer: "J", placedAt: daysBefore(AS_OF, i), total: 500 })));

    const runId = await runRfm(workspaceId);
    const metrics = await metricsByExternalId(workspaceId);
    expect(metrics.size).toBe(11);
    for (const [customer, [r, f, m, segment]] of Object.entries(EXPECTED)) {
      const row = metrics.get(customer);
      expect({ customer, r: row?.r_score, f: row?.f_score, m: row?.m_score, segment: row?.rfm_segment }).toEqual({ customer, r, f, m, segment });
      expect(row?.rfm_run_id).toBe(runId);
    }
    expect(metrics.get("K")).toMatchObject({ order_count: 0, revenue: "0.00", r_score: null, rfm_segment: null, recency_days: null });
    expect(metrics.get("A")).toMatchObject({ order_count: 5, revenue: "500.00", average_order_value: "100.00", recency_days: 0 });
    expect(metrics.get("H")).toMatchObject({ order_count: 1, revenue: "20.00", recency_days: 200 });
    expect(metrics.get("J")).toMatchObject({ order_count: 1, revenue: "20.00", recency_days: 365 });
    expect(metrics.get("G")).toMatchObject({ average_order_value: "60.00", recency_days: 100 });

    const run = await runRow(runId);
    expect(run?.status).toBe("SUCCEEDED");
    expect(run?.progress).toBe(100);
    expect(run?.result).toMatchObject({
      customers: 11,
      scoredCustomers: 10,
      snapshotRows: 10,
      segments: { Champions: 2, Loyal: 1, "Potential loyalist": 1, "About to sleep": 2, "At risk": 1, Hibernating: 1, "Cannot lose them": 1, Lost: 1 },
    });
    // The rule used is kept with the run, including what each F score meant that night.
    expect(run?.params).toMatchObject({ asOf: AS_OF, timezone: "UTC", frequency: "number of counted orders" });
    expect((run?.result as { scoreRanges: { f: unknown[] } }).scoreRanges.f).toEqual([
      { score: 2, min: "1", max: "1", customers: 5 },
      { score: 3, min: "2", max: "2", customers: 1 },
      { score: 4, min: "3", max: "3", customers: 2 },
      { score: 5, min: "4", max: "5", customers: 2 },
    ]);
  });

  it("counts recency in calendar days of the workspace's time zone", async () => {
    const workspaceId = await createWorkspace({ timezone: "America/New_York" });
    const ids = await addCustomers(workspaceId, ["late", "early"]);
    // As-of 2026-01-31 07:00 New York. 03:00Z on the 31st is still the 30th in New York: 1 day.
    // 05:30Z on the 31st is 00:30 on the 31st in New York: 0 days, though only 6.5 hours apart.
    await addOrders(workspaceId, ids, [
      { customer: "late", placedAt: "2026-01-31T03:00:00Z", total: 10 },
      { customer: "early", placedAt: "2026-01-31T05:30:00Z", total: 10 },
    ]);
    await runRfm(workspaceId);
    const metrics = await metricsByExternalId(workspaceId);
    expect(metrics.get("late")?.recency_days).toBe(1);
    expect(metrics.get("early")?.recency_days).toBe(0);
    expect(metrics.get("early")?.r_score).toBeGreaterThan(metrics.get("late")?.r_score ?? 9);
  });

  it("uses the workspace's own segment map and axis from settings", async () => {
    const { workspaceId } = await handBuiltWorkspace({
      rfm: {
        secondAxis: "frequency",
        segments: [
          { segment: "Recent", r: [4, 5], fm: [1, 5] },
          { segment: "Frequent but fading", r: [1, 3], fm: [4, 5] },
          { segment: "Fading", r: [1, 3], fm: [1, 3] },
        ],
      },
    });
    await runRfm(workspaceId);
    const metrics = await metricsByExternalId(workspaceId);
    expect(metrics.get("A")?.rfm_segment).toBe("Recent");
    expect(metrics.get("I")?.rfm_segment).toBe("Frequent but fading"); // R1, F5
    expect(metrics.get("G")?.rfm_segment).toBe("Fading"); // R2, F3
  });
});

describe("RFM scores against an independent count-based oracle", () => {
  // percentileofscore(kind="mean") by direct counting, independent of the SQL's window functions.
  function oracleScore(values: number[], v: number, recentIsBest: boolean): number {
    const below = values.filter((u) => (recentIsBest ? u > v : u < v)).length;
    const ties = values.filter((u) => u === v).length;
    return Math.ceil((5 * (below + ties / 2)) / values.length);
  }

  it("matches the oracle on random workspaces full of ties", async () => {
    const customerOrders = fc.array(
      fc.record({ daysAgo: fc.integer({ min: 0, max: 12 }), total: fc.constantFrom(10, 20, 30) }),
      { minLength: 1, maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(customerOrders, { minLength: 1, maxLength: 30 }), async (customers) => {
        const workspaceId = await createWorkspace();
        const names = customers.map((_, i) => `c${i}`);
        const ids = await addCustomers(workspaceId, names);
        await addOrders(
          workspaceId,
          ids,
          customers.flatMap((orders, i) => orders.map((o) => ({ customer: `c${i}`, placedAt: daysBefore(AS_OF, o.daysAgo, 1), total: o.total }))),
        );
        await runRfm(workspaceId);
        const metrics = await metricsByExternalId(workspaceId);
        const recency = customers.map((orders) => Math.min(...orders.map((o) => o.daysAgo)));
        const frequency = customers.map((orders) => orders.length);
        const monetary = customers.map((orders) => orders.reduce((s, o) => s + o.total, 0));
        customers.forEach((_, i) => {
          const row = metrics.get(`c${i}`);
          expect(row?.recency_days).toBe(recency[i]);
          expect([row?.r_score, row?.f_score, row?.m_score]).toEqual([
            oracleScore(recency, recency[i] ?? 0, true),
            oracleScore(frequency, frequency[i] ?? 0, false),
            oracleScore(monetary, monetary[i] ?? 0, false),
          ]);
        });
      }),
      { numRuns: 8 },
    );
  });
});

describe("RFM snapshots and segment migration", () => {
  it("keeps every customer's segment per run and counts moves between runs", async () => {
    const { workspaceId, ids } = await handBuiltWorkspace();
    const first = await runRfm(workspaceId);
    // A month later J and K come back with big orders; nobody else buys.
    const later = "2026-03-02T12:00:00.000Z";
    await addOrders(workspaceId, ids, [
      { customer: "J", placedAt: daysBefore(later, 0, 1), total: 2000 },
      { customer: "J", placedAt: daysBefore(later, 3, 1), total: 2000 },
      { customer: "K", placedAt: daysBefore(later, 1, 1), total: 30 },
    ]);
    const second = await runRfm(workspaceId, later);
    expect(await latestRfmRunIds(workspaceId)).toEqual([second, first]);

    const snapshot = await pool.query<{ run_id: number; n: number }>(
      `SELECT run_id, count(*)::int AS n FROM rfm_snapshot WHERE workspace_id = $1 GROUP BY run_id ORDER BY run_id`,
      [workspaceId],
    );
    expect(snapshot.rows).toEqual([
      { run_id: first, n: 10 },
      { run_id: second, n: 11 },
    ]);

    const matrix = await rfmMigrationMatrix(workspaceId, first, second);
    expect(matrix.fromAsOf).toBe(AS_OF);
    const total = matrix.cells.reduce((s, c) => s + c.customers, 0);
    expect(total).toBe(11);
    const metrics = await metricsByExternalId(workspaceId);
    // Every customer appears once, in the cell of (segment at run 1, segment at run 2).
    const expectedCells = new Map<string, number>();
    for (const customer of ids.keys()) {
      const from = customer === "K" ? null : (EXPECTED[customer]?.[3] ?? null);
      const key = `${from} -> ${metrics.get(customer)?.rfm_segment ?? null}`;
      expectedCells.set(key, (expectedCells.get(key) ?? 0) + 1);
    }
    expect(new Map(matrix.cells.map((c) => [`${c.from} -> ${c.to}`, c.customers]))).toEqual(expectedCells);
    // J was Lost and is now a recent big spender; K was not scored before.
    expect(metrics.get("J")?.r_score).toBe(5);
    expect(matrix.cells.find((c) => c.from === "Lost")?.to).toBe(metrics.get("J")?.rfm_segment);
    expect(matrix.cells.some((c) => c.from === null && c.to === metrics.get("K")?.rfm_segment)).toBe(true);
  });

  it("each run stores its moves from the run before it, and the page's view reads them instead of joining the snapshots", async () => {
    const { workspaceId, ids } = await handBuiltWorkspace();
    const first = await runRfm(workspaceId);
    const later = "2026-03-02T12:00:00.000Z";
    await addOrders(workspaceId, ids, [{ customer: "J", placedAt: daysBefore(later, 0, 1), total: 2000 }]);
    const second = await runRfm(workspaceId, later);
    const results = await pool.query<{ id: number; moves: { fromRunId: number; cells: { from: string | null; to: string | null; customers: number }[] } | null }>(
      `SELECT id, result->'movesFromPrevious' AS moves FROM analytics_run WHERE id = ANY($1::int[]) ORDER BY id`,
      [[first, second]],
    );
    expect(results.rows[0]!.moves).toBeNull();
    const stored = results.rows[1]!.moves!;
    expect(stored.fromRunId).toBe(first);
    // The stored cells are the snapshots' join, computed independently here.
    const joined = await pool.query<{ from_segment: string | null; to_segment: string | null; customers: number }>(
      `SELECT a.segment AS from_segment, b.segment AS to_segment, count(*)::int AS customers
         FROM (SELECT customer_id, segment FROM rfm_snapshot WHERE run_id = $1) a
         FULL JOIN (SELECT customer_id, segment FROM rfm_snapshot WHERE run_id = $2) b ON a.customer_id = b.customer_id
        GROUP BY 1, 2`,
      [first, second],
    );
    const asMap = (cells: { from: string | null; to: string | null; customers: number }[]) => new Map(cells.map((c) => [`${c.from} -> ${c.to}`, c.customers]));
    expect(asMap(stored.cells)).toEqual(asMap(joined.rows.map((r) => ({ from: r.from_segment, to: r.to_segment, customers: r.customers }))));
    // Rewriting the snapshots does not change the answer for this pair: it comes from what the run stored.
    await pool.query(`UPDATE rfm_snapshot SET segment = 'Lost' WHERE run_id = ANY($1::int[])`, [[first, second]]);
    expect(asMap((await rfmMigrationMatrix(workspaceId, first, second)).cells)).toEqual(asMap(stored.cells));
  });

  it("refuses runs of another workspace", async () => {
    const { workspaceId } = await handBuiltWorkspace();
    const run = await runRfm(workspaceId);
    const stranger = await createWorkspace();
    await expect(rfmMigrationMatrix(stranger, run, run)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("RFM run idempotency and crash safety", () => {
  const comparable = async (workspaceId: number) =>
    [...(await metricsByExternalId(workspaceId)).values()]
      .map(({ rfm_run_id: _run, ...rest }) => rest)
      .sort((a, b) => a.external_id.localeCompare(b.external_id));

  it("running twice with the same as-of gives the same results", async () => {
    const { workspaceId } = await handBuiltWorkspace();
    const first = await runRfm(workspaceId);
    const before = await comparable(workspaceId);
    const second = await runRfm(workspaceId);
    expect(await comparable(workspaceId)).toEqual(before);
    const snapshots = await pool.query<{ run_id: number; cells: string }>(
      `SELECT run_id, string_agg(customer_id || ':' || r_score || f_score || m_score || segment, ',' ORDER BY customer_id) AS cells
         FROM rfm_snapshot WHERE workspace_id = $1 GROUP BY run_id ORDER BY run_id`,
      [workspaceId],
    );
    expect(snapshots.rows.map((r) => r.run_id)).toEqual([first, second]);
    expect(snapshots.rows[0]?.cells).toBe(snapshots.rows[1]?.cells);
    // A duplicate job for a finished run does nothing.
    expect(await executeRun("rfm", workspaceId, second)).toEqual({ status: "skipped" });
  });

  it("a crash after the metrics were written leaves the previous results readable and whole", async () => {
    const { workspaceId, ids } = await handBuiltWorkspace();
    const first = await runRfm(workspaceId);
    const before = await metricsByExternalId(workspaceId);
    await addOrders(workspaceId, ids, [{ customer: "K", placedAt: daysBefore(AS_OF, 0, 2), total: 5000 }]);

    const crashed = await queueRun(workspaceId, "rfm", AS_OF);
    await expect(
      executeRun("rfm", workspaceId, crashed, {
        afterStep: async (step) => {
          if (step === "metrics") throw new Error("worker died");
        },
      }),
    ).rejects.toThrow("worker died");

    expect(await metricsByExternalId(workspaceId)).toEqual(before);
    expect(before.get("K")?.rfm_run_id).toBe(first);
    const snap = await pool.query(`SELECT 1 FROM rfm_snapshot WHERE run_id = $1`, [crashed]);
    expect(snap.rowCount).toBe(0);
    expect(await runRow(crashed)).toMatchObject({ status: "FAILED", error: "worker died" });

    // The next run publishes the new state in full.
    await runRfm(workspaceId);
    const after = await metricsByExternalId(workspaceId);
    expect(after.get("K")).toMatchObject({ order_count: 1, revenue: "5000.00", m_score: 5 });
  });

  it("a connection killed mid-transaction (a real crash) leaves the previous results intact", async () => {
    const { workspaceId, ids } = await handBuiltWorkspace();
    await runRfm(workspaceId);
    const before = await metricsByExternalId(workspaceId);
    await addOrders(workspaceId, ids, [{ customer: "J", placedAt: daysBefore(AS_OF, 0, 2), total: 5000 }]);

    const runId = await queueRun(workspaceId, "rfm", AS_OF);
    await pool.query(`UPDATE analytics_run SET status = 'RUNNING' WHERE id = $1`, [runId]);
    const workspace = await pool.query<{ settings: unknown }>(`SELECT settings FROM workspace WHERE id = $1`, [workspaceId]);
    await expect(
      computeRfm({
        workspaceId,
        runId,
        asOf: new Date(AS_OF),
        timezone: "UTC",
        settings: readRfmSettings(workspace.rows[0]?.settings),
        afterStep: async (step, client) => {
          if (step !== "metrics") return;
          const pid = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
          await pool.query("SELECT pg_terminate_backend($1)", [pid.rows[0]?.pid]);
          await client.query("SELECT 1"); // the dead connection fails here
        },
      }),
    ).rejects.toThrow();
    expect(await metricsByExternalId(workspaceId)).toEqual(before);
  });
});
