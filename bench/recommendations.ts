// Recommendations at 1M customers: `npx tsx bench/recommendations.ts [--lookups 300] [--sample 20000] [--skip-build] [--skip-lookup] [--customers N]`.
//
// 1. Build: the recommendations.build job's work (product and category
//    neighbours, product and category statistics over every order line) on
//    the seeded bench workspace, beside the yardstick of bench/rfm.ts (one
//    bare GROUP BY over the workspace's orders) measured in the same run.
// 2. Lookup: one customer's next-best offers (what the profile, the API and
//    templates read) for random customers, p50/p95, beside the yardstick of
//    one customer row read by primary key through the same pool.
// 3. Offline evaluation: each sampled customer's last basket hidden, the
//    model built from the earlier ones, hit-rate@5 and NDCG@5 of the method
//    and of the popularity baseline, and their ratio.
import { parseArgs } from "node:util";
import { ensureBenchWorkspace, seconds, timeYardstick } from "./rfm.ts";
import { percentile } from "./support.ts";

// --customers N (read by ensureBenchWorkspace) accepts a smaller seeded database (BENCH_DATABASE_URL) than 1M customers.
const { values } = parseArgs({
  options: { lookups: { type: "string" }, sample: { type: "string" }, "skip-build": { type: "boolean" }, "skip-lookup": { type: "boolean" }, customers: { type: "string" } },
});
const LOOKUPS = Number(values.lookups ?? 300);
const SAMPLE = Number(values.sample ?? 20_000);

const bench = await ensureBenchWorkspace();
process.env.DATABASE_URL = bench.databaseUrl;
const { pool } = await import("../lib/db/pool.ts");
const { buildRecommendations } = await import("../lib/recommendations/build-recommendations.ts");
const { readCustomerRecommendations } = await import("../lib/recommendations/customer-recommendations.ts");
const { evaluateOffline } = await import("../lib/recommendations/offline-evaluation.ts");
const lines = await pool.query<{ n: string }>("SELECT count(*)::text AS n FROM order_item WHERE workspace_id = $1", [bench.workspaceId]);
console.log(
  `workspace ${bench.workspaceId} (${bench.source}): ${bench.customers.toLocaleString("en-US")} customers, ${bench.orders.toLocaleString("en-US")} orders, ${Number(lines.rows[0]!.n).toLocaleString("en-US")} order lines`,
);

// 1. Build.
if (!values["skip-build"]) {
  const yard = Math.min(...(await timeYardstick(bench.databaseUrl, bench.workspaceId)));
  console.log(`yardstick GROUP BY over the orders: ${seconds(yard)}`);
  const steps = timeStatements();
  const result = await buildRecommendations(bench.workspaceId, { asOf: bench.asOf });
  steps.stop();
  if (!result) throw new Error("bench workspace vanished");
  console.log(
    `recommendations build ${seconds(result.durationMs)} (${result.baskets.toLocaleString("en-US")} baskets, ${result.products.toLocaleString("en-US")} products, ` +
      `${result.productPairs.toLocaleString("en-US")} product neighbours, ${result.categoryPairs.toLocaleString("en-US")} category neighbours) = ${(result.durationMs / yard).toFixed(2)}× yardstick`,
  );
  for (const [label, ms] of steps.timings) if (ms >= 100) console.log(`  ${seconds(ms).padStart(8)} = ${(ms / yard).toFixed(2)}× yardstick  ${label}`);
}

/**
 * The build's statements by time, for the "where the time goes" table: each
 * pooled client's queries are timed while the build runs, labelled by the
 * table they create or write, or else their first words.
 */
function timeStatements(): { timings: [string, number][]; stop: () => void } {
  const timings: [string, number][] = [];
  let running = true;
  const wrapped = new WeakSet<object>();
  const label = (sql: string) => {
    const flat = sql.replace(/\s+/g, " ").trim();
    const target = /^(?:CREATE TEMP TABLE|INSERT INTO|DELETE FROM|ANALYZE) (\w+)/i.exec(flat);
    return target ? `${flat.split(" ")[0]} ${target[1]}` : flat.slice(0, 70);
  };
  const onAcquire = (client: import("pg").PoolClient) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      if (!running || typeof args[0] !== "string") return query(...args);
      const t0 = performance.now();
      const out = await query(...args);
      timings.push([label(args[0]), performance.now() - t0]);
      return out;
    };
  };
  pool.on("acquire", onAcquire);
  return { timings, stop: () => { running = false; pool.off("acquire", onAcquire); } };
}

// 2. Lookups, against a primary-key read.
if (!values["skip-lookup"]) await lookups();

async function lookups(): Promise<void> {
  const sample = await pool.query<{ id: string }>(
    "SELECT id::text FROM customer WHERE workspace_id = $1 ORDER BY hashint8(id) LIMIT $2",
    [bench.workspaceId, LOOKUPS],
  );
  const ids = sample.rows.map((r) => BigInt(r.id));
  async function time(fn: (id: bigint, measured: boolean) => Promise<unknown>): Promise<number[]> {
    for (const id of ids.slice(0, 20)) await fn(id, false);
    const out: number[] = [];
    for (const id of ids) {
      const t0 = performance.now();
      await fn(id, true);
      out.push(performance.now() - t0);
    }
    return out.sort((a, b) => a - b);
  }
  const yardLookup = await time((id) => pool.query("SELECT * FROM customer WHERE workspace_id = $1 AND id = $2", [bench.workspaceId, id.toString()]));
  let associated = 0;
  const lookup = await time(async (id, measured) => {
    const view = await readCustomerRecommendations(bench.workspaceId, id, { now: bench.asOf });
    if (measured && view.products.some((p) => p.reason.kind !== "popular")) associated++;
  });
  const [p50, p95, y50, y95] = [percentile(lookup, 50), percentile(lookup, 95), percentile(yardLookup, 50), percentile(yardLookup, 95)];
  console.log(`yardstick customer row by primary key: p50 ${y50.toFixed(2)} ms  p95 ${y95.toFixed(2)} ms (n=${ids.length})`);
  console.log(
    `one customer's recommendations (10 products, 10 categories): p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms (n=${ids.length}) = ${(p50 / y50).toFixed(1)}× / ${(p95 / y95).toFixed(1)}× yardstick; ` +
      `${((100 * associated) / ids.length).toFixed(0)}% of customers have co-purchase offers`,
  );
}

// 3. Offline evaluation, the popularity baseline as the yardstick.
const evaluation = await evaluateOffline(bench.workspaceId, { asOf: bench.asOf, k: 5, sample: SAMPLE });
if (!evaluation) throw new Error("bench workspace vanished");
const { method, popularity } = evaluation;
console.log(
  `offline evaluation (${evaluation.customers.toLocaleString("en-US")} customers, last basket hidden; hold-out build ${seconds(evaluation.buildMs)}, scoring ${seconds(evaluation.scoreMs)}):\n` +
    `  co-purchase  hit-rate@5 ${method.hitRate.toFixed(4)}  NDCG@5 ${method.ndcg.toFixed(4)}\n` +
    `  popularity   hit-rate@5 ${popularity.hitRate.toFixed(4)}  NDCG@5 ${popularity.ndcg.toFixed(4)}\n` +
    `  ratio        hit-rate@5 ${(method.hitRate / popularity.hitRate).toFixed(2)}×  NDCG@5 ${(method.ndcg / popularity.ndcg).toFixed(2)}×`,
);
await pool.end();
