// The "recommended category" segment rule at 1M customers:
// `npx tsx bench/recommended-category.ts [--runs 5] [--skip-keep]` (`npm run bench -- recommended-category`).
//
// 1. Keeping the categories: keepCategoryOffers alone, in its own
//    transaction, after the last recommendations build (its as-of time and
//    settings), each statement timed, beside a yardstick measured in the same
//    run: one bare GROUP BY customer over the workspace's category timelines,
//    the rows the keep reads. Committed, as the build would, so 2 reads it.
// 2. The builder's count for the rule (size, total, 10-customer sample),
//    p50/p95, beside the count of the empty definition (every customer: one
//    pass over the workspace's customers) in the same run.
import { parseArgs } from "node:util";
import pg from "pg";
import { ensureBenchWorkspace, seconds } from "./rfm.ts";
import { percentile } from "./support.ts";

const { values } = parseArgs({ options: { runs: { type: "string" }, "skip-keep": { type: "boolean" } } });
const RUNS = Number(values.runs ?? 5);

const bench = await ensureBenchWorkspace();
process.env.DATABASE_URL = bench.databaseUrl;
const { pool } = await import("../lib/db/pool.ts");
const { withTransaction } = await import("../lib/db/transaction.ts");
const { keepCategoryOffers } = await import("../lib/recommendations/keep-category-offers.ts");
const { lockAndReadSettings } = await import("../lib/recommendations/build-recommendations.ts");
const { countSegment } = await import("../lib/segments/count-segment.ts");

const build = await pool.query<{ as_of: Date; built_at: Date }>("SELECT as_of, built_at FROM recommendation_build WHERE workspace_id = $1", [bench.workspaceId]);
if (!build.rows[0]) throw new Error("no recommendations build in the bench workspace: run `npm run bench -- recommendations` (or the job) first");
const asOf = build.rows[0].as_of;
const shape = await pool.query<{ categories: string; neighbours: string; timeline_rows: string }>(
  `SELECT (SELECT count(*) FROM category_stat WHERE workspace_id = $1)::text AS categories,
          (SELECT count(*) FROM category_neighbor WHERE workspace_id = $1)::text AS neighbours,
          (SELECT count(*) FROM customer_category_timeline WHERE workspace_id = $1)::text AS timeline_rows`,
  [bench.workspaceId],
);
console.log(
  `workspace ${bench.workspaceId}: ${bench.customers.toLocaleString("en-US")} customers; build of ${build.rows[0].built_at.toISOString()} as of ${asOf.toISOString()}; ` +
    `${shape.rows[0]!.categories} categories, ${shape.rows[0]!.neighbours} category neighbours, ${Number(shape.rows[0]!.timeline_rows).toLocaleString("en-US")} category timeline rows`,
);

async function timeTimelineYardstick(runs = 2): Promise<number[]> {
  const client = new pg.Client({ connectionString: bench.databaseUrl });
  await client.connect();
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await client.query({ text: "SELECT customer_id, count(*), max(cardinality(placed_at)) FROM customer_category_timeline WHERE workspace_id = $1 GROUP BY customer_id", rowMode: "array" }, [bench.workspaceId]);
      times.push(performance.now() - t0);
    }
  } finally {
    await client.end();
  }
  return times;
}

// 1. Keep.
if (!values["skip-keep"]) {
  const yard = await timeTimelineYardstick();
  const best = Math.min(...yard);
  console.log(`yardstick GROUP BY customer over the category timelines: ${yard.map(seconds).join(", ")}`);
  const steps: { sql: string; ms: number }[] = [];
  const t0 = performance.now();
  const customers = await withTransaction(async (client) => {
    const settings = await lockAndReadSettings(client, bench.workspaceId);
    if (!settings) throw new Error("bench workspace vanished");
    const timed = {
      query: async (...args: Parameters<pg.PoolClient["query"]>) => {
        const s0 = performance.now();
        const res = await (client.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
        steps.push({ sql: String(args[0]).replace(/\s+/g, " ").slice(0, 60), ms: performance.now() - s0 });
        return res;
      },
    } as Pick<pg.PoolClient, "query">;
    return keepCategoryOffers(timed, bench.workspaceId, { asOf, halfLifeDays: settings.halfLifeDays });
  });
  const total = performance.now() - t0;
  for (const s of steps) console.log(`  ${seconds(s.ms).padStart(9)}  ${s.sql}`);
  console.log(`keep recommended categories: ${seconds(total)} for ${customers.toLocaleString("en-US")} customers = ${(total / best).toFixed(2)}× yardstick`);
}

// 2. Counts.
const rows = await pool.query<{ category: string; customers: string }>(
  `SELECT categories[1] AS category, count(*)::text AS customers FROM customer_category_offer WHERE workspace_id = $1 AND cardinality(categories) > 0 GROUP BY 1 ORDER BY count(*) DESC`,
  [bench.workspaceId],
);
console.log(`top recommendation: ${rows.rows.map((r) => `${r.category} ${Number(r.customers).toLocaleString("en-US")}`).join(", ")}`);
const common = rows.rows[0]?.category;
const rare = rows.rows.at(-1)?.category;
if (!common || !rare) throw new Error("no kept categories");
const rule = (op: "is" | "isNot", category: string, withinTop: number) => ({
  version: 1,
  root: { id: "root", type: "group", combinator: "and", children: [{ id: "r", type: "recommendedCategory", op, category, withinTop }] },
});
const cases: { label: string; definition: unknown }[] = [
  { label: "yardstick: every customer (empty definition)", definition: { version: 1, root: { id: "root", type: "group", combinator: "and", children: [] } } },
  { label: `recommended category is “${common}” (top 1)`, definition: rule("is", common, 1) },
  { label: `recommended category is “${rare}” within the top 3`, definition: rule("is", rare, 3) },
  { label: `recommended category is not “${common}” within the top 2`, definition: rule("isNot", common, 2) },
];
let yardP50 = 0;
for (const c of cases) {
  await countSegment(bench.workspaceId, c.definition, { sampleSize: 10 });
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    size = (await countSegment(bench.workspaceId, c.definition, { sampleSize: 10 })).size;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  if (yardP50 === 0) yardP50 = p50;
  console.log(`${c.label}: p50 ${seconds(p50)}  p95 ${seconds(percentile(times, 95))}  size ${size.toLocaleString("en-US")} = ${(p50 / yardP50).toFixed(2)}× yardstick`);
}
await pool.end();
