import { afterAll, describe, expect, it } from "vitest";
import { executeClustersRun } from "../../lib/analytics/clusters/execute-clusters-run.ts";
import { pool } from "../../lib/db/pool.ts";
import { addCustomers, createWorkspace } from "./analytics-fixtures.ts";

/**
 * Cases the generated retailer rarely hits, worked out by hand: a category
 * median that falls between two different prices (an even number of lines),
 * several orders on one local purchase day (a day that is two different
 * dates in UTC), and too few purchase days for an irregularity.
 */

afterAll(async () => {
  await pool.end();
});

const AS_OF = "2026-10-01T00:00:00.000Z";

async function order(ws: number, customerId: string, ext: string, placedAt: string, lines: [productId: number, unitPrice: number][]): Promise<void> {
  const total = lines.reduce((s, [, p]) => s + p, 0);
  const o = await pool.query<{ id: string }>(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, channel, status)
     VALUES ($1, $2, $3, $4, $5, 'USD', 'web', 'completed') RETURNING id::text`,
    [ws, customerId, ext, placedAt, total],
  );
  for (const [n, [productId, unitPrice]] of lines.entries())
    await pool.query(
      `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price, discount) VALUES ($1, $2, $3, $4, 1, $5, 0)`,
      [ws, o.rows[0]!.id, productId, n + 1, unitPrice],
    );
}

describe("clusters run features, edge cases", () => {
  it("interpolates an even category median, counts a local day once, and leaves irregularity undefined under three purchase days", async () => {
    const ws = await createWorkspace({ timezone: "America/New_York" });
    const ids = await addCustomers(ws, ["x", "y", "z"]);
    const p = await pool.query<{ id: number }>(
      `INSERT INTO product (workspace_id, external_id, name, category, price) VALUES ($1, 'toy', 'toy', 'Toys > Blocks', 10) RETURNING id`,
      [ws],
    );
    const toy = p.rows[0]!.id;
    // Four Toys > Blocks lines at 10, 20, 30 and 50: the median is (20 + 30) / 2 = 25.
    // x: days (New York) 1 March, 1 March again (03:00 UTC on the 2nd is still the 1st there), 3 March, 7 March.
    await order(ws, ids.get("x")!, "x1", "2026-03-01T15:00:00Z", [[toy, 50]]);
    await order(ws, ids.get("x")!, "x2", "2026-03-02T03:00:00Z", [[toy, 10]]);
    await order(ws, ids.get("x")!, "x3", "2026-03-03T15:00:00Z", []);
    await order(ws, ids.get("x")!, "x4", "2026-03-07T15:00:00Z", []);
    // y: three orders on two days.
    await order(ws, ids.get("y")!, "y1", "2026-03-01T15:00:00Z", [[toy, 20]]);
    await order(ws, ids.get("y")!, "y2", "2026-03-01T16:00:00Z", [[toy, 30]]);
    await order(ws, ids.get("y")!, "y3", "2026-03-04T15:00:00Z", []);
    // z: an order after the as-of time, which counts for nothing.
    await order(ws, ids.get("z")!, "z1", "2026-11-01T15:00:00Z", [[toy, 1000]]);

    const run = await pool.query<{ id: number }>(
      `INSERT INTO analytics_run (workspace_id, kind, status, trigger, params) VALUES ($1, 'clusters', 'QUEUED', 'manual', $2::jsonb) RETURNING id`,
      [ws, JSON.stringify({ asOf: AS_OF })],
    );
    const outcome = await executeClustersRun(ws, run.rows[0]!.id);
    expect(outcome.status).toBe("succeeded");

    // The median the price level divides by, as Postgres itself interpolates it over the counted lines.
    const median = await pool.query<{ m: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY i.unit_price) AS m
         FROM order_item i JOIN customer_order o ON o.id = i.order_id WHERE i.workspace_id = $1 AND o.placed_at <= $2`,
      [ws, AS_OF],
    );
    expect(median.rows[0]!.m).toBe(25);

    const rows = await pool.query<{ external_id: string; order_count: number; price_level: number | null; regularity: number | null; category_share: number[] }>(
      `SELECT c.external_id, f.order_count, f.price_level, f.regularity, f.category_share
         FROM customer_feature f JOIN customer c ON c.id = f.customer_id WHERE f.workspace_id = $1 ORDER BY c.external_id`,
      [ws],
    );
    expect(rows.rows.map((r) => r.external_id)).toEqual(["x", "y"]);
    const [x, y] = rows.rows;
    expect(x!.order_count).toBe(4);
    // Spend-weighted price ÷ median: (50 × 50/25 + 10 × 10/25) / 60.
    expect(x!.price_level).toBeCloseTo((50 * 2 + 10 * 0.4) / 60, 12);
    // Purchase days 1, 3 and 7 March: gaps 2 and 4, mean 3, population sd 1.
    expect(x!.regularity).toBeCloseTo(1 / 3, 12);
    expect(x!.category_share).toEqual([1, 0]);
    expect(y!.order_count).toBe(3);
    expect(y!.price_level).toBeCloseTo((20 * 0.8 + 30 * 1.2) / 50, 12);
    expect(y!.regularity).toBeNull();
  });
});
