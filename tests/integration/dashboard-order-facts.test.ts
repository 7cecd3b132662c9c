import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { readDashboard } from "../../lib/analytics/dashboard/dashboard-read.ts";
import { periodTotals, periodTrend, type PeriodTotals, type TrendPoint } from "../../lib/analytics/dashboard/order-facts.ts";
import { addDays, parsePeriod, type DayRange } from "../../lib/analytics/dashboard/period.ts";
import { EXCLUDED_ORDER_STATUSES } from "../../lib/analytics/runs/counted-orders.ts";
import { countCustomers } from "../../lib/customers/list-customers.ts";
import { pool } from "../../lib/db/pool.ts";
import { ingestItems } from "../../lib/ingest/api/ingest-items.ts";
import { createWorkspace } from "../support/factories.ts";

afterAll(async () => {
  await pool.end();
});

// ---------------------------------------------------------------------------
// The oracle: every overview number recomputed in TypeScript from a plain read
// of the workspace's orders, with days taken in the workspace zone by Intl
// (not by Postgres), so a wrong day boundary or a lost delta shows.
// ---------------------------------------------------------------------------

interface RawOrder {
  customerId: string;
  day: string;
  cents: bigint;
}

function cents(total: string): bigint {
  const negative = total.startsWith("-");
  const [whole, fraction = ""] = total.replace("-", "").split(".");
  const value = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
  return negative ? -value : value;
}

async function rawOrders(workspaceId: number, timeZone: string): Promise<RawOrder[]> {
  const res = await pool.query<{ customer_id: string; placed_at: Date; total: string; status: string }>(
    `SELECT customer_id::text, placed_at, total::text, status FROM customer_order WHERE workspace_id = $1`,
    [workspaceId],
  );
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return res.rows
    .filter((o) => !EXCLUDED_ORDER_STATUSES.includes(o.status))
    .map((o) => ({ customerId: o.customer_id, day: day.format(o.placed_at), cents: cents(o.total) }));
}

/** The numbers of one period as a reader would check them by hand. */
function expectedTotals(orders: RawOrder[], range: DayRange) {
  const firstDay = new Map<string, string>();
  for (const o of orders) if (!firstDay.has(o.customerId) || o.day < firstDay.get(o.customerId)!) firstDay.set(o.customerId, o.day);
  const inRange = orders.filter((o) => o.day >= range.from && o.day <= range.to);
  const active = new Set(inRange.map((o) => o.customerId));
  const newCustomers = [...active].filter((c) => firstDay.get(c)! >= range.from).length;
  const first = inRange.filter((o) => o.day === firstDay.get(o.customerId));
  const sum = (xs: RawOrder[]) => xs.reduce((s, o) => s + o.cents, 0n);
  return {
    orders: inRange.length,
    revenueCents: sum(inRange),
    activeCustomers: active.size,
    newCustomers,
    returningCustomers: active.size - newCustomers,
    firstPurchaseOrders: first.length,
    firstPurchaseRevenueCents: sum(first),
  };
}

function asChecked(t: PeriodTotals) {
  return {
    orders: t.orders,
    revenueCents: BigInt(Math.round(t.revenue * 100)),
    activeCustomers: t.activeCustomers,
    newCustomers: t.newCustomers,
    returningCustomers: t.returningCustomers,
    firstPurchaseOrders: t.firstPurchaseOrders,
    firstPurchaseRevenueCents: BigInt(Math.round(t.firstPurchaseRevenue * 100)),
  };
}

async function storedTotals(workspaceId: number, range: DayRange): Promise<PeriodTotals> {
  const period = parsePeriod({ period: "custom", from: range.from, to: range.to }, "UTC");
  return readDashboard((client) => periodTotals(client, workspaceId, period)).then((t) => t.current);
}

/** Compares every range (and the daily and weekly trend over the first) with the oracle. */
async function expectExact(workspaceId: number, timeZone: string, ranges: DayRange[], context: string) {
  const orders = await rawOrders(workspaceId, timeZone);
  for (const range of ranges) {
    expect(asChecked(await storedTotals(workspaceId, range)), `${context}: ${range.from}..${range.to}`).toEqual(expectedTotals(orders, range));
  }
  const whole = ranges[0]!;
  for (const grain of ["day", "week"] as const) {
    const period = { ...parsePeriod({ period: "custom", from: whole.from, to: whole.to }, "UTC"), grain };
    const trend: TrendPoint[] = await readDashboard((client) => periodTrend(client, workspaceId, period));
    expect(trend[0]?.from, context).toBe(whole.from);
    expect(trend.at(-1)?.to, context).toBe(whole.to);
    for (const point of trend) {
      const e = expectedTotals(orders, point);
      expect(
        { orders: point.orders, revenueCents: BigInt(Math.round(point.revenue * 100)), activeCustomers: point.activeCustomers },
        `${context}: ${grain} ${point.from}..${point.to}`,
      ).toEqual({ orders: e.orders, revenueCents: e.revenueCents, activeCustomers: e.activeCustomers });
    }
  }
}

// ---------------------------------------------------------------------------
// Random writes around a daylight-saving change.
// ---------------------------------------------------------------------------

function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

// New York leaves daylight saving at 06:00 UTC on 2026-11-01: the local day of 2026-11-01 is 25 hours long.
const ZONE = "America/New_York";
const DST_END_MS = Date.UTC(2026, 10, 1, 6);
const STATUSES = ["completed", "completed", "completed", "refunded", "pending"];

/** An instant within three weeks of the change, on the hour, so many orders sit right at local midnight. */
const instant = (rng: ReturnType<typeof prng>) => new Date(DST_END_MS + (rng.int(21 * 24 * 2) - 21 * 24) * 3_600_000 + (rng.int(3) - 1) * 60_000);
const total = (rng: ReturnType<typeof prng>) => `${rng.int(200)}.${String(rng.int(100)).padStart(2, "0")}`;

const RANGES: DayRange[] = [
  { from: "2026-10-11", to: "2026-11-21" },
  { from: "2026-10-25", to: "2026-11-07" },
  { from: "2026-11-01", to: "2026-11-01" },
  { from: "2026-10-31", to: "2026-11-02" },
  { from: "2026-11-04", to: "2026-11-15" },
  { from: "2026-10-14", to: "2026-10-20" },
];

let externalSeq = 0;

async function randomWrite(rng: ReturnType<typeof prng>, ws: number, customers: string[]): Promise<string> {
  const orders = await pool.query<{ id: string }>(`SELECT id::text FROM customer_order WHERE workspace_id = $1`, [ws]);
  const ids = orders.rows.map((r) => r.id);
  const roll = rng.int(10);
  if (roll < 4 || ids.length < 3) {
    const n = 1 + rng.int(4);
    const rows = Array.from({ length: n }, () => [rng.pick(customers), `o-${++externalSeq}`, instant(rng), total(rng), rng.pick(STATUSES)]);
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
       SELECT $1, c, e, p, t, 'USD', s FROM unnest($2::int8[], $3::text[], $4::timestamptz[], $5::numeric[], $6::text[]) AS u(c, e, p, t, s)`,
      [ws, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map((r) => r[4])],
    );
    return `insert ${n}`;
  }
  const id = rng.pick(ids);
  if (roll < 6) {
    await pool.query(`UPDATE customer_order SET placed_at = $2 WHERE id = $1`, [id, instant(rng)]);
    return `move order ${id} in time`;
  }
  if (roll === 6) {
    await pool.query(`UPDATE customer_order SET status = $2, total = $3 WHERE id = $1`, [id, rng.pick(STATUSES), total(rng)]);
    return `change status/total of ${id}`;
  }
  if (roll === 7) {
    await pool.query(`UPDATE customer_order SET customer_id = $2 WHERE id = $1`, [id, rng.pick(customers)]);
    return `give ${id} to another customer`;
  }
  if (roll === 8) {
    // One upsert that changes an order and adds another: both the UPDATE and the INSERT trigger fire.
    const ext = (await pool.query<{ external_id: string }>(`SELECT external_id FROM customer_order WHERE id = $1`, [id])).rows[0]!.external_id;
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
       VALUES ($1, $2, $3, $4, $5, 'USD', 'completed'), ($1, $2, $6, $7, $5, 'USD', 'completed')
       ON CONFLICT (workspace_id, external_id) DO UPDATE SET placed_at = EXCLUDED.placed_at, total = EXCLUDED.total, status = EXCLUDED.status`,
      [ws, rng.pick(customers), ext, instant(rng), total(rng), `o-${++externalSeq}`, instant(rng)],
    );
    return `upsert ${ext} and a new order`;
  }
  await pool.query(`DELETE FROM customer_order WHERE id = $1`, [id]);
  return `delete ${id}`;
}

async function workspaceWithCustomers(n: number, timezone = ZONE) {
  const ws = (await createWorkspace({ timezone })).id;
  const res = await pool.query<{ id: string }>(
    `INSERT INTO customer (workspace_id, external_id) SELECT $1, 'c-' || i FROM generate_series(1, $2::int) i RETURNING id::text`,
    [ws, n],
  );
  return { ws, customers: res.rows.map((r) => r.id) };
}

describe("order facts under random writes in a zone with a daylight-saving change", () => {
  it.each([11, 20261101])("match a recomputation from the orders after every write (seed %i)", async (seed) => {
    const rng = prng(seed);
    const { ws, customers } = await workspaceWithCustomers(6);
    const bystander = await workspaceWithCustomers(2);
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency) VALUES ($1, $2, 'b1', $3, 5, 'USD')`,
      [bystander.ws, bystander.customers[0], new Date(DST_END_MS)],
    );
    const log: string[] = [];
    const reached = { orders: 0, customers: 0, onDstDay: 0 };
    for (let step = 0; step < 40; step++) {
      log.push(await randomWrite(rng, ws, customers));
      if (step % 4 !== 3) continue;
      await expectExact(ws, ZONE, RANGES, `seed ${seed}, step ${step}:\n${log.slice(-4).join("\n")}`);
      const orders = await rawOrders(ws, ZONE);
      reached.orders = Math.max(reached.orders, orders.length);
      reached.customers = Math.max(reached.customers, new Set(orders.map((o) => o.customerId)).size);
      reached.onDstDay = Math.max(reached.onDstDay, orders.filter((o) => o.day === "2026-11-01").length);
    }
    // The run went through states worth checking: several customers, and orders on the 25-hour day.
    expect(reached.orders).toBeGreaterThan(10);
    expect(reached.customers).toBeGreaterThan(3);
    expect(reached.onDstDay).toBeGreaterThan(0);

    // Deleting a customer deletes its orders through the cascade.
    await pool.query(`DELETE FROM customer WHERE id = $1`, [customers[0]]);
    await expectExact(ws, ZONE, RANGES, `seed ${seed}: after deleting a customer`);

    // A rebuild from scratch gives the same rows the deltas left.
    const snapshot = async () =>
      (await pool.query(`SELECT 'd' AS t, day::text, orders, revenue::text, customers, new_customers, new_customer_orders, new_customer_revenue::text
                           FROM workspace_day_fact WHERE workspace_id = $1 AND (orders, customers) <> (0, 0)
                         UNION ALL SELECT 'w', day::text, customers, previous_week::text, 0, 0, 0, '' FROM purchase_link_week WHERE workspace_id = $1 AND customers <> 0
                         UNION ALL SELECT 'l', day::text, customers, previous_day::text, 0, 0, 0, '' FROM purchase_link_day WHERE workspace_id = $1 AND customers <> 0
                         ORDER BY 1, 2, 4`, [ws])).rows;
    const before = await snapshot();
    await pool.query(`SELECT rebuild_dashboard_facts($1)`, [ws]);
    expect(await snapshot()).toEqual(before);
    expect(await countCustomers(ws)).toBe(5);
    // Nothing above touched the other workspace.
    expect(asChecked(await storedTotals(bystander.ws, RANGES[0]!))).toMatchObject({ orders: 1, activeCustomers: 1, newCustomers: 1 });
  });

  it("moves every order to its new local day when the workspace changes time zone", async () => {
    const { ws, customers } = await workspaceWithCustomers(2, "UTC");
    // 03:00 UTC on 2 November is still 1 November in New York.
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency) VALUES ($1, $2, 'tz1', '2026-11-02T03:00:00Z', 10, 'USD')`,
      [ws, customers[0]],
    );
    expect((await storedTotals(ws, { from: "2026-11-02", to: "2026-11-02" })).orders).toBe(1);
    await pool.query(`UPDATE workspace SET timezone = $2 WHERE id = $1`, [ws, ZONE]);
    expect((await storedTotals(ws, { from: "2026-11-02", to: "2026-11-02" })).orders).toBe(0);
    expect((await storedTotals(ws, { from: "2026-11-01", to: "2026-11-01" })).orders).toBe(1);
  });
});

describe("concurrent writers of the same customer", () => {
  async function twoClients(body: (a: pg.PoolClient, b: pg.PoolClient, pidB: number) => Promise<void>) {
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      const pidB = (await b.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
      await body(a, b, pidB);
    } finally {
      await a.query("ROLLBACK").catch(() => undefined);
      await b.query("ROLLBACK").catch(() => undefined);
      a.release();
      b.release();
    }
  }

  it("count both transactions' orders, first purchase day and all", async () => {
    const { ws, customers } = await workspaceWithCustomers(1);
    const insert = `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency) VALUES ($1, $2, $3, $4, $5, 'USD')`;
    await twoClients(async (a, b, pidB) => {
      await a.query("BEGIN");
      await b.query("BEGIN");
      // Each transaction, alone, would make its own order the customer's first.
      await a.query(insert, [ws, customers[0], "late", new Date("2026-11-10T15:00:00Z"), "10.00"]);
      const second = b.query(insert, [ws, customers[0], "early", new Date("2026-11-03T15:00:00Z"), "20.00"]);
      for (;;) {
        const blocked = await pool.query<{ n: number }>(`SELECT cardinality(pg_blocking_pids($1::int)) AS n`, [pidB]);
        if (blocked.rows[0]!.n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await a.query("COMMIT");
      await second;
      await b.query("COMMIT");
    });
    const t = await storedTotals(ws, { from: "2026-11-01", to: "2026-11-30" });
    expect(t).toMatchObject({ orders: 2, revenue: 30, activeCustomers: 1, newCustomers: 1, firstPurchaseOrders: 1, firstPurchaseRevenue: 20 });
    await expectExact(ws, ZONE, [{ from: "2026-11-01", to: "2026-11-30" }, { from: "2026-11-04", to: "2026-11-12" }], "after two concurrent writers");
  });
});

describe("writes through the API path after the facts were built", () => {
  it("keep the facts exact, customers created on the way counted", async () => {
    const ws = (await createWorkspace({ timezone: "Europe/Berlin" })).id;
    const day = (n: number) => addDays("2026-03-20", n);
    const first = await ingestItems(
      "orders",
      ws,
      Array.from({ length: 12 }, (_, i) => ({ external_id: `a${i}`, customer_external_id: `k${i % 4}`, placed_at: `${day(i)} 23:30`, total: `${10 + i}.25` })),
    );
    expect(first.summary).toMatchObject({ created: 12, customers_created: 4 });
    // Berlin moves to summer time on 29 March 2026: 23:30 local on the 28th and the 29th are an hour apart in UTC.
    const ranges = [{ from: "2026-03-20", to: "2026-04-05" }, { from: "2026-03-28", to: "2026-03-30" }];
    await expectExact(ws, "Europe/Berlin", ranges, "after the first batch");
    // A re-sent batch that changes two orders and adds one (one of them for a new customer).
    await ingestItems("orders", ws, [
      { external_id: "a3", customer_external_id: "k3", placed_at: `${day(-1)} 00:30`, total: "99.99" },
      { external_id: "a5", customer_external_id: "k1", placed_at: `${day(5)} 12:00`, total: "1.00", status: "refunded" },
      { external_id: "b1", customer_external_id: "k9", placed_at: `${day(9)} 00:00`, total: "7.77" },
    ]);
    await expectExact(ws, "Europe/Berlin", [{ from: "2026-03-19", to: "2026-04-05" }, ...ranges], "after the second batch");
    expect(await countCustomers(ws)).toBe(5);
  });
});

describe("deleting a workspace", () => {
  it("takes its customers, orders and facts with it", async () => {
    const { ws, customers } = await workspaceWithCustomers(3);
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency) VALUES ($1, $2, 'd1', now(), 5, 'USD'), ($1, $3, 'd2', now(), 6, 'USD')`,
      [ws, customers[0], customers[1]],
    );
    expect(await countCustomers(ws)).toBe(3);
    await pool.query(`DELETE FROM workspace WHERE id = $1`, [ws]);
    const left = await pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM workspace_day_fact WHERE workspace_id = $1) + (SELECT count(*) FROM purchase_link_week WHERE workspace_id = $1)
            + (SELECT count(*) FROM workspace_customer_count WHERE workspace_id = $1) + (SELECT count(*) FROM customer WHERE workspace_id = $1) AS n`,
      [ws],
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});
