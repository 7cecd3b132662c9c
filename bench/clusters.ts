// `npm run bench -- clusters`: the value clusters run (features set-based over
// orders and order lines, k-means with k chosen by silhouette, publishing)
// on the 1M-customer bench workspace, beside the yardstick of one bare
// GROUP BY over the same order lines joined to their orders, measured in the
// same run. Prints each step and the ratio to the yardstick.
import { loadavg } from "node:os";
import pg from "pg";
import { ensureBenchWorkspace, seconds } from "./rfm.ts";

/** The yardstick: one aggregate pass over the workspace's order lines joined to their orders. */
async function timeLinesYardstick(databaseUrl: string, workspaceId: number, runs = 2): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`SET work_mem = '256MB'`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await client.query(
      {
        text: `SELECT o.customer_id, count(*), sum(i.quantity * i.unit_price - i.discount)
                 FROM order_item i JOIN customer_order o ON o.id = i.order_id
                WHERE i.workspace_id = $1 AND o.workspace_id = $1 GROUP BY o.customer_id`,
        rowMode: "array",
      },
      [workspaceId],
    );
    times.push(performance.now() - t0);
  }
  await client.end();
  return times;
}

async function main() {
  const bench = await ensureBenchWorkspace();
  process.env.DATABASE_URL = bench.databaseUrl;
  const { computeClusters } = await import("../lib/analytics/clusters/compute-clusters.ts");
  const { readClusterSettings } = await import("../lib/analytics/clusters/cluster-settings.ts");
  const { pool } = await import("../lib/db/pool.ts");
  const lines = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM order_item WHERE workspace_id = $1`, [bench.workspaceId]);
  console.log(
    `workspace ${bench.workspaceId} (${bench.source}): ${bench.customers.toLocaleString()} customers, ${bench.orders.toLocaleString()} orders, ${Number(lines.rows[0]!.n).toLocaleString()} order lines, as of ${bench.asOf.toISOString()}`,
  );
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(", ")}`);
  const yardstick = await timeLinesYardstick(bench.databaseUrl, bench.workspaceId);
  const best = Math.min(...yardstick);
  console.log(`yardstick (order lines ⋈ orders GROUP BY customer): ${yardstick.map(seconds).join(", ")}`);

  const settings = readClusterSettings({});
  const run = await pool.query<{ id: number }>(
    `INSERT INTO analytics_run (workspace_id, kind, status, trigger, params) VALUES ($1, 'clusters', 'RUNNING', 'manual', $2::jsonb) RETURNING id`,
    [bench.workspaceId, JSON.stringify({ asOf: bench.asOf.toISOString(), benchmark: true })],
  );
  const runId = run.rows[0]!.id;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const result = await computeClusters({ workspaceId: bench.workspaceId, runId, asOf: bench.asOf, timezone: bench.timezone, settings });
    const total = performance.now() - t0;
    // CPU of this process (reading the matrix, k-means, silhouettes): what the clustering costs whatever the load.
    const cpu = process.cpuUsage(cpu0);
    const t = result.timingsMs;
    const clustering = t.read + t.chooseK + t.fit;
    console.log(
      `clusters run: ${seconds(total)} = ${(total / best).toFixed(1)}× yardstick; features ${seconds(t.features)} (${(t.features / best).toFixed(1)}×), ` +
        `read ${seconds(t.read)}, choose k ${seconds(t.chooseK)}, fit ${seconds(t.fit)} (${result.iterations} iterations), publish ${seconds(t.publish)} ` +
        `(${result.featureRows?.written.toLocaleString()} customer_feature rows written, ${result.featureRows?.deleted.toLocaleString()} deleted)`,
    );
    const f = t.featureSteps;
    console.log(
      `features by step: price counts ${seconds(f.priceCounts)}, medians and categories ${seconds(f.categories)}, customer lines ${seconds(f.customerLines)}, ` +
        `top channels ${seconds(f.topChannels)}, customer orders ${seconds(f.customerOrders)}, features ${seconds(f.features)}`,
    );
    console.log(
      `clustering alone (read + choose k + fit): ${seconds(clustering)} = ${(clustering / best).toFixed(1)}× yardstick; ${result.customers.toLocaleString()} customers, ` +
        `${result.clustered.toLocaleString()} clustered, k = ${result.k} (${result.silhouettes.map((s) => `${s.k}: ${s.silhouette.toFixed(3)}`).join(", ")})`,
    );
    console.log(`node CPU during the run: ${seconds((cpu.user + cpu.system) / 1000)}; load average ${loadavg().map((l) => l.toFixed(1)).join(", ")}`);
  } catch (err) {
    await pool.query(`UPDATE analytics_run SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1`, [runId, err instanceof Error ? err.message : String(err)]);
    throw err;
  } finally {
    await pool.end();
  }
}

await main();
