import { afterAll, describe, expect, it } from "vitest";
import { readLatestClustersRun, readValueDrivers } from "../../lib/analytics/clusters/cluster-views.ts";
import { requestRecompute } from "../../lib/analytics/recompute/request-recompute.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { startWorkers } from "../../workers/start-workers.ts";
import { createSimulatedWorkspace } from "./analytics-fixtures.ts";

afterAll(async () => {
  await closeQueues();
  await pool.end();
});

/** Simulated buyers (so the CLV fit converges), each order with one line of one of two products. */
async function workspaceWithLines(customers: number, seed: number): Promise<number> {
  const workspaceId = await createSimulatedWorkspace(customers, seed);
  await pool.query(`INSERT INTO product (workspace_id, external_id, name, category) VALUES ($1, 'a', 'A', 'Shoes'), ($1, 'b', 'B', 'Bags')`, [workspaceId]);
  await pool.query(
    `INSERT INTO order_item (workspace_id, order_id, product_id, quantity, unit_price, discount)
     SELECT o.workspace_id, o.id, p.id, 1, o.total, CASE WHEN o.customer_id % 3 = 0 THEN round(o.total * 0.3, 2) ELSE 0 END
       FROM customer_order o JOIN product p ON p.workspace_id = o.workspace_id AND p.external_id = CASE WHEN o.customer_id % 2 = 0 THEN 'a' ELSE 'b' END
      WHERE o.workspace_id = $1`,
    [workspaceId],
  );
  return workspaceId;
}

describe("clusters in the worker", () => {
  it("a CLV run in a workspace with order lines is followed by a clusters run that the worker completes, valued from the fresh predictions", async () => {
    const workspaceId = await workspaceWithLines(200, 5);
    const workers = await startWorkers({ only: ["analytics"], schedules: false });
    try {
      await requestRecompute(workspaceId, "manual");
      const deadline = Date.now() + 100_000;
      let run = await readLatestClustersRun(workspaceId);
      while ((run === null || run.status === "QUEUED" || run.status === "RUNNING") && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        run = await readLatestClustersRun(workspaceId);
      }
      expect(run).toMatchObject({ status: "SUCCEEDED", progress: 100, error: null });
      const view = (await readValueDrivers(workspaceId))!;
      expect(view.clustered).toBe(200);
      expect(view.clusters.reduce((s, c) => s + c.customers, 0)).toBe(200);
      // Every clustered customer had a CLV prediction when the clusters run published.
      const clv = await pool.query<{ total: number }>(`SELECT sum(predicted_clv_12m) AS total FROM customer_metrics WHERE workspace_id = $1`, [workspaceId]);
      expect(view.clusters.reduce((s, c) => s + (c.predictedClv12m ?? 0), 0)).toBeCloseTo(clv.rows[0]!.total, 4);
    } finally {
      await workers.close();
    }
  });
});
