// `npx tsx bench/clv-pipeline.ts [--customers 1000000]`: the CLV run at 1M
// customers / ~10M orders — summaries in SQL, BG/NBD + Gamma-Gamma fit,
// scoring, COPY back and the publishing upsert — against the yardstick of one
// bare GROUP BY over the same orders. Same data as bench/rfm.ts.
import { ensureBenchWorkspace, seconds, timeYardstick, withBenchRun } from "./rfm.ts";

const bench = await ensureBenchWorkspace();
process.env.DATABASE_URL = bench.databaseUrl;
const { computeClv } = await import("../lib/analytics/recompute/compute-clv.ts");
const { clvSettingsSchema } = await import("../lib/analytics/recompute/analytics-settings.schema.ts");
const { pool } = await import("../lib/db/pool.ts");

console.log(
  `workspace ${bench.workspaceId} (${bench.source}): ${bench.customers.toLocaleString()} customers, ${bench.orders.toLocaleString()} orders, as of ${bench.asOf.toISOString()} ${bench.timezone}`,
);
const yardstick = await timeYardstick(bench.databaseUrl, bench.workspaceId);
console.log(`yardstick GROUP BY: ${yardstick.map(seconds).join(", ")}`);

const model = (process.argv[process.argv.indexOf("--model") + 1] ?? "bg-nbd") as "bg-nbd" | "mbg-nbd" | "pareto-nbd";
const settings = clvSettingsSchema.parse({ model: process.argv.includes("--model") ? model : "bg-nbd" });
for (let attempt = 1; attempt <= 2; attempt++) {
  const marks: [string, number][] = [];
  const t0 = performance.now();
  const mark = (label: string) => marks.push([label, performance.now() - t0]);
  const result = await withBenchRun(pool, bench, "clv", (runId) =>
    computeClv({
      workspaceId: bench.workspaceId,
      runId,
      asOf: bench.asOf,
      timezone: bench.timezone,
      settings,
      onProgress: async (p) => {
        if (p === 60) mark("score");
        if (p === 75) mark("copy back");
      },
      afterStep: async (step) => {
        mark(step === "summary" ? "summary SQL + read" : step === "metrics" ? "upsert" : step);
      },
    }),
  );
  const total = performance.now() - t0;
  const steps = marks
    .filter(([label]) => label !== "scores")
    .map(([label, at], i, all) => `${label} ${seconds(at - (all[i - 1]?.[1] ?? 0))}`)
    .join(", ");
  console.log(
    `CLV run ${attempt}: ${seconds(total)} = ${(total / Math.min(...yardstick)).toFixed(1)}× yardstick; ${steps}, commit ${seconds(total - (marks.at(-1)?.[1] ?? 0))}`,
  );
  console.log(
    `  ${result.customers.toLocaleString()} customers in ${result.patterns.toLocaleString()} (x, tx, T) patterns and ${result.spendPatterns.toLocaleString()} spend patterns; ` +
      `${result.transactionModel?.model} ${JSON.stringify(result.transactionModel?.params)} LL ${result.transactionModel?.logLikelihood.toFixed(1)} converged ${result.transactionModel?.converged}; ` +
      `GG ${JSON.stringify(result.spendModel?.params)}`,
  );
  const aggregate = result.dashboardAggregateMs ?? 0;
  const slices = result.dashboardSlicesMs ?? 0;
  console.log(
    `  dashboard aggregate ${seconds(aggregate)} (${((100 * aggregate) / total).toFixed(1)}% of the run, ${(aggregate / Math.min(...yardstick)).toFixed(2)}× yardstick), ` +
      `of which the LTV slices ${seconds(slices)} (${(slices / Math.min(...yardstick)).toFixed(2)}× yardstick)`,
  );
}
await pool.end();
