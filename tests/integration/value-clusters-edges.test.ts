import { afterAll, describe, expect, it } from "vitest";
import { executeClustersRun } from "../../lib/analytics/clusters/execute-clusters-run.ts";
import { localDayStartSql } from "../../lib/analytics/clusters/features-sql.ts";
import { pool } from "../../lib/db/pool.ts";
import { addCustomers, createWorkspace, runRow } from "./analytics-fixtures.ts";

/**
 * Cases the generated retailer rarely hits, worked out by hand: a category
 * median that falls between two different prices (an even number of lines),
 * several orders on one local purchase day (a day that is two different
 * dates in UTC), too few purchase days for an irregularity, novelty windows
 * whose ends fall on a day whose midnight happens twice or not at all,
 * customers whose spend is all in categories that are not kept, lines
 * whose order or customer is another workspace's, a customer with an order
 * in another workspace, local days that run backwards, and lines whose
 * quantity or price is negative or whose discount is more than they cost.
 */

afterAll(async () => {
  await pool.end();
});

const AS_OF = "2026-10-01T00:00:00.000Z";

async function order(ws: number, customerId: string, ext: string, placedAt: string, lines: [productId: number | null, unitPrice: number][]): Promise<void> {
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

/** Runs clusters as of AS_OF, expects success, and returns the run's result. */
async function runClusters(ws: number): Promise<Record<string, unknown>> {
  const run = await pool.query<{ id: number }>(
    `INSERT INTO analytics_run (workspace_id, kind, status, trigger, params) VALUES ($1, 'clusters', 'QUEUED', 'manual', $2::jsonb) RETURNING id`,
    [ws, JSON.stringify({ asOf: AS_OF })],
  );
  const outcome = await executeClustersRun(ws, run.rows[0]!.id);
  expect(outcome.status).toBe("succeeded");
  return (await runRow(run.rows[0]!.id))!.result;
}

async function product(ws: number, ext: string, category: string | null, launchDate: string | null = null): Promise<number> {
  const p = await pool.query<{ id: number }>(
    `INSERT INTO product (workspace_id, external_id, name, category, price, launch_date) VALUES ($1, $2, $2, $3, 10, $4::date) RETURNING id`,
    [ws, ext, category, launchDate],
  );
  return p.rows[0]!.id;
}

async function features(ws: number) {
  const rows = await pool.query<{ external_id: string; novelty: number | null; category_share: number[] }>(
    `SELECT c.external_id, f.novelty, f.category_share FROM customer_feature f JOIN customer c ON c.id = f.customer_id WHERE f.workspace_id = $1`,
    [ws],
  );
  return new Map(rows.rows.map((r) => [r.external_id, r]));
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

    const result = await runClusters(ws);
    // z's line, after the as-of time, left the price counts taken from the lines alone, so they were not counted again.
    expect(result.pricesRecounted).toBe(false);

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

  it("starts a novelty window at local midnight where midnight happens twice (Azores) or not at all (Havana)", async () => {
    // Azores, 26 October 2025: at 01:00 UTC the clocks go from 01:00 back to 00:00, so the local day starts at
    // 00:00 UTC and 00:00–01:00 happens twice. Havana, 8 March 2026: at 00:00 the clocks go to 01:00 (05:00 UTC).
    const cases = [
      {
        timezone: "Atlantic/Azores",
        // launch on the day, and a window (30 days) ending on it.
        launches: { on: "2025-10-26", before: "2025-09-26" },
        orders: [
          { ext: "on-first-midnight", product: "on", at: "2025-10-26T00:30:00Z", novelty: 1 },
          { ext: "on-day-before", product: "on", at: "2025-10-25T23:59:00Z", novelty: 0 },
          { ext: "before-last-day", product: "before", at: "2025-10-25T23:59:00Z", novelty: 1 },
          { ext: "before-day-after-window", product: "before", at: "2025-10-26T00:30:00Z", novelty: 0 },
        ],
      },
      {
        timezone: "America/Havana",
        launches: { on: "2026-03-08", before: "2026-02-06" },
        orders: [
          { ext: "on-first-instant", product: "on", at: "2026-03-08T05:00:00Z", novelty: 1 },
          { ext: "on-day-before", product: "on", at: "2026-03-08T04:59:00Z", novelty: 0 },
          { ext: "before-last-day", product: "before", at: "2026-03-08T04:59:00Z", novelty: 1 },
          { ext: "before-day-after-window", product: "before", at: "2026-03-08T05:00:00Z", novelty: 0 },
        ],
      },
    ];
    for (const c of cases) {
      const ws = await createWorkspace({ timezone: c.timezone });
      const products = { on: await product(ws, "on", "Tents", c.launches.on), before: await product(ws, "before", "Tents", c.launches.before) };
      const ids = await addCustomers(ws, c.orders.map((o) => o.ext));
      for (const o of c.orders) await order(ws, ids.get(o.ext)!, o.ext, o.at, [[products[o.product as "on" | "before"], 10]]);
      await runClusters(ws);
      const rows = await features(ws);
      for (const o of c.orders) {
        // The definition, order by order: the local purchase day d against the launch date L, L ≤ d < L + 30.
        const day = new Intl.DateTimeFormat("en-CA", { timeZone: c.timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(o.at));
        const launch = c.launches[o.product as "on" | "before"];
        const gap = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${launch}T00:00:00Z`)) / 86_400_000;
        expect(gap >= 0 && gap < 30 ? 1 : 0, `${c.timezone} ${o.ext}`).toBe(o.novelty);
        expect(rows.get(o.ext)!.novelty, `${c.timezone} ${o.ext}`).toBe(o.novelty);
      }
    }
  });

  it("finds each local day's first instant in every time zone Postgres knows", async () => {
    // The window bounds are the first instant whose local date is the day; checked for every day of 2024–2027.
    const res = await pool.query<{ name: string; day: string }>(
      `SELECT z.name, d.day::text AS day
         FROM pg_timezone_names z
        CROSS JOIN generate_series('2024-01-01'::date, '2027-12-31'::date, '1 day') AS g(ts)
        CROSS JOIN LATERAL (SELECT g.ts::date AS day) d
        CROSS JOIN LATERAL (SELECT ${localDayStartSql("d.day", "z.name")} AS start) s
        WHERE NOT ((s.start AT TIME ZONE z.name)::date = d.day AND ((s.start - interval '1 millisecond') AT TIME ZONE z.name)::date < d.day)
        LIMIT 5`,
    );
    expect(res.rows).toEqual([]);
  });

  // Rows no writer makes, which the run must still not count, each on its own: this workspace's order of the other's
  // customer, and a line of this workspace on the other's order. Counted, either would move the median from 15 up.
  for (const foreignRow of ["an order of another workspace's customer", "a line on another workspace's order"] as const)
    it(`leaves out of the category medians ${foreignRow}`, async () => {
      const ws = await createWorkspace({ timezone: "UTC" });
      const other = await createWorkspace({ timezone: "UTC" });
      const ids = await addCustomers(ws, ["x"]);
      const stranger = (await addCustomers(other, ["q"])).get("q")!;
      const toy = await product(ws, "toy", "Toys > Blocks");
      await order(ws, ids.get("x")!, "x1", "2026-03-01T10:00:00Z", [[toy, 10]]);
      await order(ws, ids.get("x")!, "x2", "2026-03-05T10:00:00Z", [[toy, 20]]);
      if (foreignRow === "an order of another workspace's customer") {
        await order(ws, stranger, "q1", "2026-03-02T10:00:00Z", [[toy, 1000]]);
      } else {
        const foreign = await pool.query<{ id: string }>(
          `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
           VALUES ($1, $2, 'q2', '2026-03-03T10:00:00Z', 2000, 'USD', 'completed') RETURNING id::text`,
          [other, stranger],
        );
        await pool.query(
          `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price, discount) VALUES ($1, $2, $3, 1, 1, 2000, 0)`,
          [ws, foreign.rows[0]!.id, toy],
        );
      }
      const result = await runClusters(ws);
      const rows = await pool.query<{ external_id: string; price_level: number }>(
        `SELECT c.external_id, f.price_level FROM customer_feature f JOIN customer c ON c.id = f.customer_id WHERE f.workspace_id = $1`,
        [ws],
      );
      expect(rows.rows.map((r) => r.external_id)).toEqual(["x"]);
      // Median 15 over x's own two lines: (10 × 10/15 + 20 × 20/15) / 30.
      expect(rows.rows[0]!.price_level).toBeCloseTo((10 * (10 / 15) + 20 * (20 / 15)) / 30, 12);
      expect(result.pricesRecounted).toBe(true);
    });

  it("counts only the workspace's own orders of a customer who also has an order in another workspace", async () => {
    const ws = await createWorkspace({ timezone: "UTC" });
    const other = await createWorkspace({ timezone: "UTC" });
    const ids = await addCustomers(ws, ["x", "y"]);
    const toy = await product(ws, "toy", "Toys > Blocks");
    await order(ws, ids.get("x")!, "x1", "2026-03-01T10:00:00Z", [[toy, 10]]);
    await order(ws, ids.get("x")!, "x2", "2026-03-03T10:00:00Z", [[toy, 20]]);
    await order(ws, ids.get("x")!, "x3", "2026-03-09T10:00:00Z", [[toy, 30]]);
    await order(ws, ids.get("y")!, "y1", "2026-03-01T10:00:00Z", [[toy, 40]]);
    // An order no writer makes: the other workspace's, of x. The run must not count it.
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, channel, status)
       VALUES ($1, $2, 'q1', '2026-03-02T10:00:00Z', 5000, 'USD', 'app', 'completed')`,
      [other, ids.get("x")!],
    );
    await runClusters(ws);
    const rows = await pool.query<{ order_count: number; average_order_value: number; regularity: number; channel_share: number[] }>(
      `SELECT f.order_count, f.average_order_value, f.regularity, f.channel_share FROM customer_feature f WHERE f.customer_id = $1`,
      [ids.get("x")!],
    );
    // x's own orders: three, 60 in all, on 1, 3 and 9 March (gaps 2 and 6: mean 4, population sd 2), all on the web.
    expect(rows.rows[0]).toMatchObject({ order_count: 3, average_order_value: 20, regularity: 0.5, channel_share: [1, 0] });
  });

  it("counts purchase days in day order where a clock set back across midnight makes a later order's day the earlier", async () => {
    // St. John's, 7 November 2010: at 00:01 NDT (02:31 UTC) the clocks went back to 23:01 on the 6th. An order at
    // 02:30:30 UTC is on the 7th there, one at 02:45 UTC on the 6th; then one on the 10th.
    const ws = await createWorkspace({ timezone: "America/St_Johns" });
    const ids = await addCustomers(ws, ["x"]);
    const toy = await product(ws, "toy", "Toys > Blocks");
    await order(ws, ids.get("x")!, "x1", "2010-11-07T02:30:30Z", [[toy, 10]]);
    await order(ws, ids.get("x")!, "x2", "2010-11-07T02:45:00Z", [[toy, 10]]);
    await order(ws, ids.get("x")!, "x3", "2010-11-10T15:00:00Z", [[toy, 10]]);
    await runClusters(ws);
    const rows = await pool.query<{ regularity: number }>(`SELECT regularity FROM customer_feature WHERE customer_id = $1`, [ids.get("x")!]);
    // Days 6, 7 and 10 November: gaps 1 and 3, mean 2, population sd 1 (time order would give −1 and 4).
    expect(rows.rows[0]!.regularity).toBeCloseTo(0.5, 12);
  });

  it("ranks the top-level categories by spend, line by line never below zero, whatever the signs and discounts", async () => {
    const ws = await createWorkspace({ timezone: "UTC" });
    const ids = await addCustomers(ws, ["x"]);
    const p = Object.fromEntries(await Promise.all(["A", "B", "C", "D"].map(async (n) => [n, await product(ws, n, `${n} > Sub`)] as const)));
    await order(ws, ids.get("x")!, "x1", "2026-05-01T10:00:00Z", []);
    // [product, quantity, unit price, discount]: spend max(quantity × price − discount, 0) per line.
    const lines: [number, number, number, number][] = [
      [p.A!, -2, -50, 0], // 100: no discount, price and quantity both negative
      [p.B!, 3, 40, 30], // 90: discounted
      [p.C!, 1, 60, 0], // 60
      [p.C!, -1, 70, 0], // 0, not −70: a negative quantity at a positive price
      [p.D!, 5, 100, 600], // 0, not −100: discounted below nothing
      [p.D!, 1, 50, 0], // 50
      [p.D!, 4, 0, 0], // 0: a free item
    ];
    for (const [n, [productId, quantity, unitPrice, discount]] of lines.entries())
      await pool.query(
        `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price, discount)
         SELECT $1, id, $2, $3, $4, $5, $6 FROM customer_order WHERE workspace_id = $1 AND external_id = 'x1'`,
        [ws, productId, n + 1, quantity, unitPrice, discount],
      );
    const result = await runClusters(ws);
    // A 100, B 90, C 60, D 50.
    expect(result.categories).toEqual(["A", "B", "C", "D"]);
    expect((await features(ws)).get("x")!.category_share).toEqual([0.3333333333333333, 0.3, 0.2, 0.16666666666666666, 0]);
  });

  it("puts spend in categories that are not kept, and lines without a product, in Other", async () => {
    const ws = await createWorkspace({ timezone: "UTC" });
    const names = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];
    const ids = await addCustomers(ws, ["big", "ninth", "loose"]);
    const products = new Map<string, number>();
    for (const n of names) products.set(n, await product(ws, n, `${n} > Sub`));
    // Nine top-level categories; "big" spends more in A..H (100 − i each) than anyone does in I, so I is not kept.
    await order(ws, ids.get("big")!, "big1", "2026-05-01T10:00:00Z", names.slice(0, 8).map((n, i): [number, number] => [products.get(n)!, 100 - i]));
    await order(ws, ids.get("ninth")!, "ninth1", "2026-05-01T10:00:00Z", [[products.get("I")!, 5]]);
    await order(ws, ids.get("loose")!, "loose1", "2026-05-01T10:00:00Z", [[null, 4], [products.get("A")!, 12]]);
    await runClusters(ws);
    const rows = await features(ws);
    expect(rows.get("ninth")!.category_share).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(rows.get("loose")!.category_share).toEqual([0.75, 0, 0, 0, 0, 0, 0, 0, 0.25]);
    expect(rows.get("big")!.category_share.at(-1)).toBe(0);
  });
});
