// `npx tsx bench/rfm.ts [--customers 1000000]`: RFM recompute time at 1M
// customers / ~10M orders against the yardstick of one bare GROUP BY over the
// same orders. Uses the 1M-customer workspace of the bench database
// (valueloop_bench, from bench/seed.ts) when it has one; otherwise builds its
// own in valueloop_bench_analytics with one INSERT ... SELECT generate_series.
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { ensureDatabase, migrate } from "../lib/db/migrate.ts";

const SEED_DATABASE = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop_bench";
const OWN_DATABASE = "postgresql://postgres@127.0.0.1:5432/valueloop_bench_analytics";
// Generated orders end here; a seeded workspace is measured as of just after its last order.
const GENERATED_AS_OF = "2026-01-31T23:00:00Z";

export interface BenchWorkspace {
  databaseUrl: string;
  workspaceId: number;
  customers: number;
  orders: number;
  source: string;
  /** Just after the workspace's last order: the data's "now". */
  asOf: Date;
  timezone: string;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The demo workspace of the seeded bench database (never another engineer's scratch workspace). */
async function seededDemoWorkspace(databaseUrl: string): Promise<{ id: number; customers: number } | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const res = await client.query<{ id: number; customers: string }>(
      `SELECT w.id, count(*) AS customers FROM workspace w JOIN customer c ON c.workspace_id = w.id
        WHERE w.slug = 'demo' GROUP BY w.id`,
    );
    const row = res.rows[0];
    return row ? { id: row.id, customers: Number(row.customers) } : null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

/** The workspace to measure: the seeded one if large enough, else our own generated one. */
export async function ensureBenchWorkspace(customers = arg("customers", 1_000_000)): Promise<BenchWorkspace> {
  const seeded = await seededDemoWorkspace(SEED_DATABASE);
  if (seeded && seeded.customers >= customers * 0.9) {
    await migrate(SEED_DATABASE, path.resolve(import.meta.dirname, "../prisma/migrations"));
    return { databaseUrl: SEED_DATABASE, workspaceId: seeded.id, customers: seeded.customers, source: "seed", ...(await describeOrders(SEED_DATABASE, seeded.id)) };
  }
  await ensureDatabase(OWN_DATABASE);
  await migrate(OWN_DATABASE, path.resolve(import.meta.dirname, "../prisma/migrations"));
  const client = new pg.Client({ connectionString: OWN_DATABASE });
  await client.connect();
  try {
    const slug = `analytics-bench-${customers}`;
    const existing = await client.query<{ id: number }>(`SELECT id FROM workspace WHERE slug = $1`, [slug]);
    let workspaceId = existing.rows[0]?.id;
    if (workspaceId === undefined) {
      console.log(`generating ${customers} customers and ~${customers * 10} orders in valueloop_bench_analytics ...`);
      const t0 = performance.now();
      await client.query("BEGIN");
      const ws = await client.query<{ id: number }>(`INSERT INTO workspace (slug, name) VALUES ($1, $1) RETURNING id`, [slug]);
      workspaceId = ws.rows[0]!.id;
      await client.query(
        `INSERT INTO customer (workspace_id, external_id) SELECT $1, 'c' || g FROM generate_series(1, $2::int) g`,
        [workspaceId, customers],
      );
      await client.query("SELECT setseed(0.42)");
      // Customers born uniformly over three years; 1 + Exp(9.5) orders each (mean ~10), placed
      // uniformly between birth and as-of; totals uniform 5..200.
      await client.query(
        `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency)
         SELECT $1, c.id, c.id || '-' || k,
                CASE WHEN k = 1 THEN c.birth ELSE c.birth + random() * ($2::timestamptz - c.birth) END,
                round((5 + 195 * random())::numeric, 2), 'USD'
           FROM (SELECT id, $2::timestamptz - random() * interval '1095 days' AS birth,
                        1 + floor(-ln(1 - random()) * 9.5)::int AS n
                   FROM customer WHERE workspace_id = $1) c
          CROSS JOIN LATERAL generate_series(1, c.n) k`,
        [workspaceId, GENERATED_AS_OF],
      );
      await client.query("COMMIT");
      await client.query("ANALYZE customer; ANALYZE customer_order");
      console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    return { databaseUrl: OWN_DATABASE, workspaceId, customers, source: "generated", ...(await describeOrders(OWN_DATABASE, workspaceId)) };
  } finally {
    await client.end();
  }
}

async function describeOrders(databaseUrl: string, workspaceId: number): Promise<{ orders: number; asOf: Date; timezone: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const res = await client.query<{ n: string; last: Date; timezone: string }>(
    `SELECT count(*) AS n, max(placed_at) + interval '1 second' AS last, (SELECT timezone FROM workspace WHERE id = $1) AS timezone
       FROM customer_order WHERE workspace_id = $1`,
    [workspaceId],
  );
  await client.end();
  const row = res.rows[0];
  return { orders: Number(row?.n ?? 0), asOf: row?.last ?? new Date(), timezone: row?.timezone ?? "UTC" };
}

/**
 * A RUNNING run row for the benchmark (the bench database is shared, so a
 * failed measurement must not leave it active and block the next one).
 */
export async function withBenchRun<T>(
  pool: pg.Pool,
  bench: BenchWorkspace,
  kind: "rfm" | "clv",
  fn: (runId: number) => Promise<T>,
): Promise<T> {
  const run = await pool.query<{ id: number }>(
    `INSERT INTO analytics_run (workspace_id, kind, status, trigger, params) VALUES ($1, $2, 'RUNNING', 'manual', $3::jsonb) RETURNING id`,
    [bench.workspaceId, kind, JSON.stringify({ asOf: bench.asOf.toISOString(), benchmark: true })],
  );
  const runId = run.rows[0]!.id;
  try {
    return await fn(runId);
  } catch (err) {
    await pool.query(`UPDATE analytics_run SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1`, [
      runId,
      err instanceof Error ? err.message : String(err),
    ]);
    throw err;
  }
}

/** The yardstick: one bare aggregate pass over the workspace's orders. */
export async function timeYardstick(databaseUrl: string, workspaceId: number, runs = 3): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await client.query(
      {
        text: `SELECT customer_id, count(*), sum(total), max(placed_at) FROM customer_order WHERE workspace_id = $1 GROUP BY customer_id`,
        rowMode: "array",
      },
      [workspaceId],
    );
    times.push(performance.now() - t0);
  }
  await client.end();
  return times;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main() {
  const bench = await ensureBenchWorkspace();
  process.env.DATABASE_URL = bench.databaseUrl;
  const { computeRfm } = await import("../lib/analytics/rfm/compute-rfm.ts");
  const { readRfmSettings } = await import("../lib/analytics/rfm/rfm-settings.schema.ts");
  const { pool } = await import("../lib/db/pool.ts");

  console.log(
    `workspace ${bench.workspaceId} (${bench.source}): ${bench.customers.toLocaleString()} customers, ${bench.orders.toLocaleString()} orders, as of ${bench.asOf.toISOString()} ${bench.timezone}`,
  );
  const yardstick = await timeYardstick(bench.databaseUrl, bench.workspaceId);
  console.log(`yardstick GROUP BY: ${yardstick.map(seconds).join(", ")}`);

  const settings = readRfmSettings({});
  for (let attempt = 1; attempt <= 2; attempt++) {
    const marks: [string, number][] = [];
    const t0 = performance.now();
    const result = await withBenchRun(pool, bench, "rfm", (runId) =>
      computeRfm({
        workspaceId: bench.workspaceId,
        runId,
        asOf: bench.asOf,
        timezone: bench.timezone,
        settings,
        afterStep: async (step) => {
          marks.push([step, performance.now() - t0]);
        },
      }),
    );
    const total = performance.now() - t0;
    const steps = marks.map(([step, at], i) => `${step} ${seconds(at - (marks[i - 1]?.[1] ?? 0))}`).join(", ");
    console.log(
      `RFM run ${attempt} (${attempt === 1 ? "first" : "repeat"}): ${seconds(total)} = ${(total / Math.min(...yardstick)).toFixed(1)}× yardstick; ${steps}, commit ${seconds(total - (marks.at(-1)?.[1] ?? 0))}; ${result.scoredCustomers.toLocaleString()} scored`,
    );
  }
  await pool.end();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
