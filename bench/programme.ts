// The programme view at 1M customers / 10M orders: `npx tsx bench/programme.ts`.
//
// 1. Refresh: the programme.refresh job's work (refreshProgramme: the global
//    control history brought up to date, every counted order grouped by
//    customer and day, per-epoch day sums and purchase links) on the seeded
//    bench workspace, beside the yardstick of bench/rfm.ts (one bare GROUP BY
//    over the workspace's orders) measured in the same run; the ratio is printed.
// 2. Read: loadProgrammeResults for the last 30 and 365 days (what the page,
//    the API, the CSV and the overview read) beside reading the one
//    programme_state row, 30 runs each; the ratio of medians is printed.
import { ensureBenchWorkspace, seconds, timeYardstick } from "./rfm.ts";
import { formatTiming, measure } from "./support.ts";

const bench = await ensureBenchWorkspace();
process.env.DATABASE_URL = bench.databaseUrl;
const { pool } = await import("../lib/db/pool.ts");
const { refreshProgramme } = await import("../lib/campaigns/programme/refresh-programme.ts");
const { loadProgrammeResults } = await import("../lib/campaigns/programme/load-programme-results.ts");
const { addDays, todayIn } = await import("../lib/analytics/dashboard/period.ts");
const ws = bench.workspaceId;
console.log(`workspace ${ws} (${bench.source}): ${bench.customers.toLocaleString("en-US")} customers, ${bench.orders.toLocaleString("en-US")} orders`);

try {
  const [yardstick] = await timeYardstick(bench.databaseUrl, ws, 1);
  const t0 = performance.now();
  const outcome = await refreshProgramme(ws);
  const refresh = performance.now() - t0;
  console.log(`yardstick (GROUP BY customer over orders): ${seconds(yardstick!)}`);
  console.log(`refreshProgramme: ${seconds(refresh)} (${outcome.rows.toLocaleString("en-US")} day rows, ${outcome.customerDays.toLocaleString("en-US")} customer-days) = ${(refresh / yardstick!).toFixed(1)}× the yardstick`);

  const to = todayIn(bench.timezone, new Date());
  const state = await measure(() => pool.query(`SELECT * FROM programme_state WHERE workspace_id = $1`, [ws]), { runs: 30 });
  console.log(formatTiming("yardstick: one programme_state row", state));
  for (const days of [30, 365]) {
    const from = addDays(to, -(days - 1));
    const view = await loadProgrammeResults(ws, from, to);
    console.log(`check ${days} days: control ${view.groups[0].customers.toLocaleString("en-US")}, rest ${view.groups[1].customers.toLocaleString("en-US")}; ${view.verdict.text}`);
    const read = await measure(() => loadProgrammeResults(ws, from, to), { runs: 30 });
    console.log(`${formatTiming(`loadProgrammeResults, ${days} days`, read)} = ${(read.p50 / state.p50).toFixed(1)}× the yardstick (p50)`);
  }
} finally {
  await pool.end();
}
