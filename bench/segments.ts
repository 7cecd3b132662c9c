// Segments at 1M customers: count latency (the builder's live count) for five
// reference segments, one full membership refresh (and a second one with no
// changes), the CSV export of the refreshed members, and the builder's value
// pickers. Uses the "demo" workspace of the bench database (bench/seed.ts; run
// the analytics first so metric rules have data). `npx tsx bench/segments.ts`
import { BENCH_DATABASE_URL, formatTiming, measure } from "./support.ts";

process.env.DATABASE_URL = BENCH_DATABASE_URL;
const { pool } = await import("../lib/db/pool.ts");
const { db } = await import("../lib/db/client.ts");
const { referenceSegments, def, group, nodeId } = await import("./segment-references.ts");
const { countSegmentCancellable } = await import("../lib/segments/count-definition.ts");
const { createSegment } = await import("../lib/segments/create-segment.ts");
const { refreshSegment } = await import("../lib/segments/refresh-segment.ts");
const { exportSegmentMembersCsv } = await import("../lib/segments/export-segment-members.ts");
const { loadFieldValues } = await import("../lib/segments/field-values.ts");

const slug = process.env.BENCH_WORKSPACE ?? "demo";
const runs = Number(process.env.BENCH_RUNS ?? 10);
const ws = await db.workspace.findUniqueOrThrow({ where: { slug }, select: { id: true } });
const workspaceId = ws.id;

const one = async <T>(sql: string): Promise<T | undefined> => (await pool.query<{ v: T }>(sql, [workspaceId])).rows[0]?.v;
const customers = Number(await one<string>(`SELECT count(*) AS v FROM customer WHERE workspace_id = $1`));
const metrics = Number(await one<string>(`SELECT count(*) AS v FROM customer_metrics WHERE workspace_id = $1`));
console.log(`workspace ${slug}: ${customers.toLocaleString("en-US")} customers, ${metrics.toLocaleString("en-US")} with metrics`);
if (metrics === 0) console.log("  note: no customer_metrics yet (analytics not run): metric rules read as unknown and match few customers");

const { segments: REFERENCE, countries } = await referenceSegments(pool, workspaceId);

// The builder's count route (the engine's count query, cancellable, JIT off).
const count = (definition: object) => countSegmentCancellable(workspaceId, definition, { sampleSize: 10 });
console.log(`\ncount latency (size + share + 10-customer sample), ${runs} runs after 2 warm-up runs:`);
const sizes: number[] = [];
for (const ref of REFERENCE) {
  const first = await count(ref.definition);
  sizes.push(first.size);
  const t = await measure(() => count(ref.definition), { warmup: 2, runs });
  console.log(`${formatTiming(ref.name, t)}  size ${first.size.toLocaleString("en-US")} (${(first.share * 100).toFixed(1)}%)`);
}

// Refresh and export: the broadest reference segment, and a deliberately huge one (everyone in the top
// country) so the membership write and the CSV stream run at the scale of most of the workspace.
const broadest = sizes.indexOf(Math.max(...sizes));
const targets = [
  REFERENCE[broadest]!,
  { name: `everyone in ${countries[0]} (1 rule)`, definition: def(group("and", [{ id: nodeId(), type: "attribute", field: "country", match: { op: "equals", value: countries[0] } }])) },
];
for (const target of targets) {
  const { segment } = await createSegment(workspaceId, null, { name: `bench refresh ${Date.now()}`, kind: "DYNAMIC", definition: target.definition });
  try {
    let t0 = performance.now();
    const first = await refreshSegment(workspaceId, segment.id);
    const firstMs = performance.now() - t0;
    console.log(`\nrefresh "${target.name}": first fill ${(firstMs / 1000).toFixed(2)} s (${first.entered.toLocaleString("en-US")} members entered)`);
    t0 = performance.now();
    const second = await refreshSegment(workspaceId, segment.id);
    console.log(`  refresh again, nothing changed: ${((performance.now() - t0) / 1000).toFixed(2)} s (entered ${second.entered}, exited ${second.exited})`);

    t0 = performance.now();
    let bytes = 0;
    let lines = 0;
    for await (const line of exportSegmentMembersCsv(workspaceId, segment.id)) {
      bytes += line.length;
      lines++;
    }
    const exportMs = performance.now() - t0;
    console.log(`  CSV export: ${(lines - 1).toLocaleString("en-US")} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${(exportMs / 1000).toFixed(2)} s; RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
  } finally {
    // Leave the bench database as it was.
    await pool.query(`DELETE FROM segment_transition WHERE segment_id = $1`, [segment.id]);
    await pool.query(`DELETE FROM segment_membership WHERE segment_id = $1`, [segment.id]);
    await pool.query(`DELETE FROM segment_size_history WHERE segment_id = $1`, [segment.id]);
    await pool.query(`DELETE FROM audit_log WHERE workspace_id = $1 AND target_type = 'segment' AND target_id = $2`, [workspaceId, String(segment.id)]);
    await pool.query(`DELETE FROM segment WHERE id = $1`, [segment.id]);
  }
}

console.log("\nbuilder pickers (uncached; the route caches each list for a minute):");
for (const source of ["country", "acquisitionChannel", "rfmSegment", "churnRiskBand", "eventType", "category", "attributeKey"] as const) {
  const t = await measure(() => loadFieldValues(workspaceId, source), { warmup: 1, runs: 3 });
  console.log(formatTiming(`values of ${source}`, t));
}

await db.$disconnect();
await pool.end();
process.exit(0);
