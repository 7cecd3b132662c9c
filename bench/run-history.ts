// `npx tsx bench/run-history.ts [--customers 200000] [--runs 5]`: what keeping
// RFM run history costs and what bounding it costs, on the generated workspace
// of bench/rfm.ts (valueloop_bench_analytics):
//   1. storage of rfm_snapshot after `runs` RFM runs with nothing pruned;
//   2. the pruning statement deleting one and two runs' snapshots (EXPLAIN
//      ANALYZE inside a transaction that is rolled back), and a whole run that
//      prunes;
//   3. dead rows: the CLV upsert after one and after three RFM runs with
//      autovacuum held off on customer_metrics (a lagging autovacuum), against
//      an RFM run followed by VACUUM (ANALYZE), and what that VACUUM takes.
import { ensureBenchWorkspace, seconds, withBenchRun } from "./rfm.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const bench = await ensureBenchWorkspace(arg("customers", 200_000));
const runs = arg("runs", 5);
process.env.DATABASE_URL = bench.databaseUrl;
const { computeRfm } = await import("../lib/analytics/rfm/compute-rfm.ts");
const { PRUNE_RFM_SNAPSHOTS } = await import("../lib/analytics/rfm/rfm-sql.ts");
const { readRfmSettings } = await import("../lib/analytics/rfm/rfm-settings.schema.ts");
const { computeClv } = await import("../lib/analytics/recompute/compute-clv.ts");
const { clvSettingsSchema } = await import("../lib/analytics/recompute/analytics-settings.schema.ts");
const { pool } = await import("../lib/db/pool.ts");

const ws = bench.workspaceId;
const rfmSettings = readRfmSettings({});
const mb = (bytes: string | number) => `${(Number(bytes) / 1024 / 1024).toFixed(0)} MB`;

console.log(`workspace ${ws} (${bench.source}): ${bench.customers.toLocaleString()} customers, ${bench.orders.toLocaleString()} orders`);

async function rfmRun(keep: number): Promise<{ runId: number; totalMs: number; steps: string; pruned: number }> {
  const marks: [string, number][] = [];
  const t0 = performance.now();
  let id = 0;
  const result = await withBenchRun(pool, bench, "rfm", (runId) => {
    id = runId;
    return computeRfm({
      workspaceId: ws,
      runId,
      asOf: bench.asOf,
      timezone: bench.timezone,
      settings: rfmSettings,
      snapshotRunsKept: keep,
      afterStep: async (step) => {
        marks.push([step === "summary" ? "summary + prune + mark" : step, performance.now() - t0]);
      },
    });
  });
  const totalMs = performance.now() - t0;
  const steps = marks.map(([step, at], i) => `${step} ${seconds(at - (marks[i - 1]?.[1] ?? 0))}`).join(", ");
  return { runId: id, totalMs, steps, pruned: result.prunedSnapshotRows };
}

async function clvUpsert(): Promise<number> {
  let scoresAt = 0;
  let metricsAt = 0;
  await withBenchRun(pool, bench, "clv", (runId) =>
    computeClv({
      workspaceId: ws,
      runId,
      asOf: bench.asOf,
      timezone: bench.timezone,
      settings: clvSettingsSchema.parse({}),
      afterStep: async (step) => {
        if (step === "scores") scoresAt = performance.now();
        if (step === "metrics") metricsAt = performance.now();
      },
    }),
  );
  return metricsAt - scoresAt;
}

async function snapshotStorage(): Promise<string> {
  const res = await pool.query<{ rows: string; heap: string; total: string }>(
    `SELECT (SELECT count(*) FROM rfm_snapshot WHERE workspace_id = $1) AS rows,
            pg_relation_size('rfm_snapshot') AS heap, pg_total_relation_size('rfm_snapshot') AS total`,
    [ws],
  );
  const r = res.rows[0]!;
  return `${Number(r.rows).toLocaleString()} rows, heap ${mb(r.heap)}, with indexes ${mb(r.total)}`;
}

async function deadRows(): Promise<number> {
  const res = await pool.query<{ n: string }>(`SELECT n_dead_tup AS n FROM pg_stat_user_tables WHERE relname = 'customer_metrics'`);
  return Number(res.rows[0]?.n ?? 0);
}

async function timed(sql: string): Promise<number> {
  const t0 = performance.now();
  await pool.query(sql);
  return performance.now() - t0;
}

// 1. History with nothing pruned.
await pool.query(`DELETE FROM rfm_snapshot WHERE workspace_id = $1`, [ws]);
await pool.query(`VACUUM rfm_snapshot`);
const history: number[] = [];
for (let i = 1; i <= runs; i++) {
  const run = await rfmRun(24);
  history.push(run.runId);
  console.log(`RFM run ${i} (nothing pruned): ${seconds(run.totalMs)}; ${run.steps}`);
}
console.log(`rfm_snapshot after ${runs} runs: ${await snapshotStorage()}`);

// 2. Pruning: the statement alone, rolled back, for one and for two runs' snapshots.
const latest = history.at(-1)!;
for (const keep of [runs - 1, runs - 2]) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${PRUNE_RFM_SNAPSHOTS}`, [ws, latest, keep]);
    const lines = plan.rows.map((r) => r["QUERY PLAN"]);
    console.log(`prune keeping ${keep} of ${runs} runs (${runs - keep} run(s) deleted), rolled back:`);
    for (const line of lines.filter((l) => /Delete|Scan|Execution Time|Buffers: shared/.test(l)).slice(0, 8)) console.log(`    ${line.trim()}`);
    await client.query("ROLLBACK");
  } finally {
    client.release();
  }
}
const pruning = await rfmRun(3);
console.log(`RFM run keeping 3 (prunes ${pruning.pruned.toLocaleString()} rows): ${seconds(pruning.totalMs)}; ${pruning.steps}`);
console.log(`rfm_snapshot then: ${await snapshotStorage()}`);
console.log(`VACUUM rfm_snapshot: ${seconds(await timed("VACUUM rfm_snapshot"))}; then ${await snapshotStorage()}`);

// 3. Dead rows in customer_metrics before the CLV upsert. A first CLV run
// fills the prediction columns (rows grow and move), so it is run once unmeasured.
await pool.query(`ALTER TABLE customer_metrics SET (autovacuum_enabled = false)`);
try {
  await clvUpsert();
  for (const lagRuns of [1, 3]) {
    await pool.query("VACUUM (ANALYZE) customer_metrics");
    for (let i = 0; i < lagRuns; i++) await rfmRun(3);
    const dead = await deadRows();
    const lagging = await clvUpsert();
    await pool.query("VACUUM (ANALYZE) customer_metrics");
    await rfmRun(3);
    const vacuumMs = await timed("VACUUM (ANALYZE) customer_metrics");
    const clean = await clvUpsert();
    console.log(
      `${lagRuns} RFM run(s) unvacuumed (${dead.toLocaleString()} dead rows): CLV upsert ${seconds(lagging)}; ` +
        `one RFM run then VACUUM (ANALYZE) customer_metrics (${seconds(vacuumMs)}): CLV upsert ${seconds(clean)}`,
    );
  }
} finally {
  await pool.query(`ALTER TABLE customer_metrics RESET (autovacuum_enabled)`);
  await pool.query("VACUUM (ANALYZE) customer_metrics");
}
await pool.end();
