// Benchmark of `npm run db:seed` at scale: `npx tsx bench/seed.ts [--customers 1000000] [--seed 42] [--keep] [--profile heavy]`.
//
// --profile heavy: the load the benchmarks are sized for (about 10 orders and 17
// lines a customer at 1M customers, the order volume of a large retailer's
// customer base), by raising every customer's purchase rate and lowering the
// drop-out rate. The default profile is the calibrated apparel retailer of
// docs/demo-data.md (about 2 orders a customer).
//
// Recreates its own database (valueloop_bench, or BENCH_DATABASE_URL), migrates
// it, seeds the demo workspace plus northwind, and prints time per phase, rows/s
// and the shape of the data. The database is left in place for other benchmarks;
// --keep seeds into it as it is (a demo workspace already there is skipped).
import { parseArgs } from "node:util";
import path from "node:path";
import pg from "pg";
import { ensureDatabase, migrate } from "../lib/db/migrate.ts";

const { values } = parseArgs({
  options: { customers: { type: "string" }, seed: { type: "string" }, keep: { type: "boolean" }, profile: { type: "string" } },
});
if (values.profile !== undefined && values.profile !== "heavy") throw new Error(`--profile: only "heavy" is known, not "${values.profile}"`);
const customers = Number(values.customers ?? 1_000_000);
const seed = Number(values.seed ?? 42);

const base = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop");
base.pathname = "/valueloop_bench";
const benchUrl = process.env.BENCH_DATABASE_URL ?? base.toString();
const dbName = decodeURIComponent(new URL(benchUrl).pathname.slice(1));

if (!values.keep) {
  const adminUrl = new URL(benchUrl);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`);
  await admin.end();
}
await ensureDatabase(benchUrl);
await migrate(benchUrl, path.resolve(import.meta.dirname, "../prisma/migrations"));

// lib/env.ts reads DATABASE_URL when first imported: point it at the bench database first.
process.env.DATABASE_URL = benchUrl;
const { pool } = await import("../lib/db/pool.ts");
const { db } = await import("../lib/db/client.ts");
const { seedDemo } = await import("../lib/demo/seed-demo.ts");
const { HEAVY_BENCH_PARAMETERS } = await import("./heavy-profile.ts");

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 250);

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString("en-US")} rows/s`;

console.log(`bench: seeding ${customers.toLocaleString("en-US")} customers (seed ${seed}) into ${dbName}`);
const started = performance.now();
const result = await seedDemo({ customers, seed, asOf: "2026-11-23", params: values.profile === "heavy" ? HEAVY_BENCH_PARAMETERS : undefined, log: (line) => console.log(`  ${line}`) });
const totalMs = performance.now() - started;
clearInterval(sampler);

for (const ws of result.workspaces) {
  if (!ws.counts || !ws.phasesMs || !ws.loadBreakdownMs) {
    console.log(`\n${ws.slug}: skipped (already seeded)`);
    continue;
  }
  const c = ws.counts;
  const p = ws.phasesMs;
  const b = ws.loadBreakdownMs;
  const rows = c.customers + c.orders + c.orderItems + c.events + c.products;
  console.log(`\n${ws.slug}: ${rows.toLocaleString("en-US")} rows, foreign keys ${ws.foreignKeys}`);
  console.log(`  plan (simulate + count)  ${s(p.plan)}`);
  console.log(`  reserve id blocks        ${s(p.reserve)}`);
  console.log(`  load (COPY)              ${s(p.load)}  ${rate(rows, p.load)}`);
  console.log(`    generate rows (node)   ${s(b.generate)}  (overlaps the COPYs)`);
  console.log(`    customers              ${s(b.customers)}  ${rate(c.customers, b.customers)}`);
  console.log(`    orders                 ${s(b.orders)}  ${rate(c.orders, b.orders)}`);
  console.log(`    order lines            ${s(b.orderItems)}  ${rate(c.orderItems, b.orderItems)}`);
  console.log(`    events                 ${s(b.events)}  ${rate(c.events, b.events)}`);
  console.log(`  verify references        ${s(p.verify)}`);
  console.log(`  behaviour timelines      ${s(p.timelines)}`);
  console.log(`  commit                   ${s(p.commit)}`);
  console.log(`  analyze                  ${s(p.analyze)}`);
  console.log(`  total                    ${s(p.total)}  ${rate(rows, p.total)}`);

  const shape = await pool.query<Record<string, number>>(
    `WITH per AS (SELECT c.id, count(o.id) AS n FROM customer c LEFT JOIN customer_order o ON o.customer_id = c.id
                   WHERE c.workspace_id = $1 GROUP BY c.id)
     SELECT avg(n)::float8 AS orders_per_customer,
            ((count(*) FILTER (WHERE n = 1))::float8 / nullif(count(*) FILTER (WHERE n > 0), 0)) AS one_time_share,
            (SELECT avg(total)::float8 FROM customer_order WHERE workspace_id = $1) AS aov,
            (SELECT count(*)::float8 FROM event WHERE workspace_id = $1) / count(*) AS events_per_customer
       FROM per`,
    [ws.workspaceId],
  );
  const sh = shape.rows[0];
  console.log(
    `  shape: ${sh?.orders_per_customer?.toFixed(2)} orders/customer, ${((sh?.one_time_share ?? 0) * 100).toFixed(1)}% one-time buyers, ` +
      `AOV ${sh?.aov?.toFixed(2)}, ${sh?.events_per_customer?.toFixed(2)} events/customer`,
  );
}

// Production Postgres runs autovacuum, which vacuums a table after a bulk load and marks its pages all-visible (index-only
// scans then skip the heap). This machine's Postgres runs with autovacuum off, so the seed does what it would have done.
const vacuumStarted = performance.now();
for (const table of ["customer", "customer_order", "order_item", "event", "product", "customer_order_timeline", "customer_category_timeline", "customer_product_timeline", "customer_event_timeline"]) {
  await pool.query(`VACUUM ${table}`);
}
console.log(`\nvacuum (as autovacuum after a bulk load)  ${s(performance.now() - vacuumStarted)}`);

const sizes = await pool.query<{ table: string; size: string }>(
  `SELECT relname AS table, pg_size_pretty(pg_total_relation_size(oid)) AS size FROM pg_class
    WHERE relname IN ('customer', 'customer_order', 'order_item', 'event', 'product') ORDER BY pg_total_relation_size(oid) DESC`,
);
console.log(`\nsizes (table + indexes): ${sizes.rows.map((r) => `${r.table} ${r.size}`).join(", ")}`);
const dbSize = await pool.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
console.log(`database ${dbName}: ${dbSize.rows[0]?.size}; wall clock ${s(totalMs)}; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`);

await db.$disconnect();
await pool.end();
