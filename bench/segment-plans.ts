// `npx tsx bench/segment-plans.ts [1-5]`: EXPLAIN (ANALYZE, BUFFERS) of the
// reference segments' count queries at 1M customers, with the count's own
// settings (work_mem, JIT off), to see where their time goes.
import { BENCH_DATABASE_URL } from "./support.ts";

process.env.DATABASE_URL = BENCH_DATABASE_URL;
const { pool } = await import("../lib/db/pool.ts");
const { db } = await import("../lib/db/client.ts");
const { referenceSegments } = await import("./segment-references.ts");
const { validateSegmentDefinition } = await import("../lib/segments/validate-segment-definition.ts");
const { COUNT_SETTINGS } = await import("../lib/segments/count-segment.ts");

const ws = await db.workspace.findUniqueOrThrow({ where: { slug: process.env.BENCH_WORKSPACE ?? "demo" }, select: { id: true } });
const { segments } = await referenceSegments(pool, ws.id);
const only = process.argv[2] ? Number(process.argv[2]) : null;

for (const [i, ref] of segments.entries()) {
  if (only !== null && only !== i + 1) continue;
  const { compiled } = await validateSegmentDefinition(ws.id, ref.definition);
  const client = await pool.connect();
  try {
    await client.query("BEGIN READ ONLY");
    for (const setting of COUNT_SETTINGS) await client.query(setting);
    const res = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (${compiled.text}) s`, compiled.values);
    await client.query("COMMIT");
    console.log(`\n=== ${ref.name}\n${res.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
  } finally {
    client.release();
  }
}
await db.$disconnect();
await pool.end();
