import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../lib/auth/password.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { DEMO_LOGINS, seedDemo, type SeedDemoResult } from "../../lib/demo/seed-demo.ts";
import { verifyLoadedReferences } from "../../lib/demo/trusted-bulk-load.ts";

const AS_OF = "2026-06-30";
const AS_OF_MS = Date.parse(`${AS_OF}T00:00:00Z`);
const uniqueSlug = (label: string) => `seed-${label}-${randomUUID().slice(0, 8)}`;

async function seedOne(
  slug: string,
  customers: number,
  seed: number,
  opts: { reset?: boolean; foreignKeyChecks?: "auto" | "per-row" } = {},
): Promise<SeedDemoResult> {
  return seedDemo({ customers, seed, workspace: slug, asOf: AS_OF, ...opts });
}

function workspaceIdOf(result: SeedDemoResult): number {
  const ws = result.workspaces[0];
  if (!ws) throw new Error("seedDemo returned no workspace");
  return ws.workspaceId;
}

/**
 * Every business row of a workspace with ids made relative to the workspace's
 * first id per table (product ids inside event JSON too), so two workspaces
 * seeded alike can be compared row for row.
 */
async function snapshot(workspaceId: number) {
  const bases = await pool.query<{ c: string; o: string; i: string; e: string; p: string }>(
    `SELECT (SELECT min(id) FROM customer WHERE workspace_id = $1)::text AS c,
            (SELECT min(id) FROM customer_order WHERE workspace_id = $1)::text AS o,
            (SELECT min(id) FROM order_item WHERE workspace_id = $1)::text AS i,
            (SELECT min(id) FROM event WHERE workspace_id = $1)::text AS e,
            (SELECT min(id) FROM product WHERE workspace_id = $1)::text AS p`,
    [workspaceId],
  );
  const b = bases.rows[0];
  if (!b) throw new Error("no bases");
  const q = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows;
  return {
    customers: await q(
      `SELECT (id - $2::bigint)::int AS rel, external_id, email, phone, first_name, last_name, country, city, timezone,
              acquisition_channel, signed_up_at, attributes::text AS attributes, email_consent, sms_consent, push_consent, created_at
         FROM customer WHERE workspace_id = $1 ORDER BY id`,
      [workspaceId, b.c],
    ),
    orders: await q(
      `SELECT (id - $2::bigint)::int AS rel, (customer_id - $3::bigint)::int AS customer, external_id, placed_at, total::text AS total,
              currency, channel, status
         FROM customer_order WHERE workspace_id = $1 ORDER BY id`,
      [workspaceId, b.o, b.c],
    ),
    items: await q(
      `SELECT (id - $2::bigint)::int AS rel, (order_id - $3::bigint)::int AS "order", (product_id - $4::bigint)::int AS product,
              quantity, unit_price::text AS unit_price
         FROM order_item WHERE workspace_id = $1 ORDER BY id`,
      [workspaceId, b.i, b.o, b.p],
    ),
    events: await q(
      `SELECT (id - $2::bigint)::int AS rel, (customer_id - $3::bigint)::int AS customer, type, occurred_at,
              (properties - 'product_id')::text AS properties, (properties->>'product_id')::bigint - $4::bigint AS product
         FROM event WHERE workspace_id = $1 ORDER BY id`,
      [workspaceId, b.e, b.c, b.p],
    ),
    products: await q(
      `SELECT (id - $2::bigint)::int AS rel, external_id, name, category, price::text AS price FROM product WHERE workspace_id = $1 ORDER BY id`,
      [workspaceId, b.p],
    ),
    // The trusted load rebuilds these in one pass; the per-row load fills them through the triggers.
    orderTimelines: await q(
      `SELECT (customer_id - $2::bigint)::int AS customer, placed_at::text AS placed_at, revenue_cents::text AS revenue_cents
         FROM customer_order_timeline WHERE workspace_id = $1 ORDER BY customer_id`,
      [workspaceId, b.c],
    ),
    categoryTimelines: await q(
      `SELECT (customer_id - $2::bigint)::int AS customer, category, placed_at::text AS placed_at
         FROM customer_category_timeline WHERE workspace_id = $1 ORDER BY customer_id, category`,
      [workspaceId, b.c],
    ),
    productTimelines: await q(
      `SELECT (customer_id - $2::bigint)::int AS customer, (product_id - $3::bigint)::int AS product, placed_at::text AS placed_at
         FROM customer_product_timeline WHERE workspace_id = $1 ORDER BY customer_id, product_id`,
      [workspaceId, b.c, b.p],
    ),
    eventTimelines: await q(
      `SELECT (customer_id - $2::bigint)::int AS customer, type, occurred_at::text AS occurred_at
         FROM customer_event_timeline WHERE workspace_id = $1 ORDER BY customer_id, type`,
      [workspaceId, b.c],
    ),
  };
}

async function rowCounts(workspaceId: number) {
  const r = await pool.query<{ customers: number; orders: number; items: number; events: number; products: number }>(
    `SELECT (SELECT count(*) FROM customer WHERE workspace_id = $1)::int AS customers,
            (SELECT count(*) FROM customer_order WHERE workspace_id = $1)::int AS orders,
            (SELECT count(*) FROM order_item WHERE workspace_id = $1)::int AS items,
            (SELECT count(*) FROM event WHERE workspace_id = $1)::int AS events,
            (SELECT count(*) FROM product WHERE workspace_id = $1)::int AS products`,
    [workspaceId],
  );
  return r.rows[0];
}

describe("npm run db:seed (seedDemo)", () => {
  it("gives identical data, ids included relative to the workspace, for the same seed", async () => {
    const seededA = await seedOne(uniqueSlug("det-a"), 300, 11);
    // The second copy goes through PostgreSQL's own per-row FK checks: both load paths must agree.
    const seededB = await seedOne(uniqueSlug("det-b"), 300, 11, { foreignKeyChecks: "per-row" });
    expect(seededA.workspaces[0]?.foreignKeys).toBe("verified by range checks");
    expect(seededB.workspaces[0]?.foreignKeys).toBe("checked per row");
    const a = workspaceIdOf(seededA);
    const b = workspaceIdOf(seededB);
    const c = workspaceIdOf(await seedOne(uniqueSlug("det-c"), 300, 12));
    const [sa, sb, sc] = await Promise.all([snapshot(a), snapshot(b), snapshot(c)]);
    expect(sa.customers).toHaveLength(300);
    expect(sa.orders.length).toBeGreaterThan(450);
    expect(sa.events.length).toBeGreaterThan(300);
    expect(sa.orderTimelines.length).toBeGreaterThan(150);
    expect(sa.categoryTimelines.length).toBeGreaterThan(sa.orderTimelines.length);
    // Every category a customer bought from came with at least one product.
    expect(sa.productTimelines.length).toBeGreaterThanOrEqual(sa.categoryTimelines.length);
    expect(sa.eventTimelines.length).toBeGreaterThan(150);
    expect(sb).toEqual(sa);
    expect(sc.customers).not.toEqual(sa.customers);
  });

  it("adds nothing when run again, and --reset reloads the same data under new ids", async () => {
    const slug = uniqueSlug("idem");
    const first = await seedOne(slug, 300, 21);
    const id = workspaceIdOf(first);
    expect(first.workspaces[0]?.status).toBe("loaded");
    const before = await rowCounts(id);
    const firstSnapshot = await snapshot(id);
    const firstCustomerId = (await db.customer.findFirst({ where: { workspaceId: id }, orderBy: { id: "asc" }, select: { id: true } }))?.id;

    const second = await seedOne(slug, 300, 21);
    expect(second.workspaces[0]?.status).toBe("skipped");
    expect(await rowCounts(id)).toEqual(before);

    const reset = await seedOne(slug, 300, 21, { reset: true });
    expect(reset.workspaces[0]?.status).toBe("loaded");
    expect(await rowCounts(id)).toEqual(before);
    expect(await snapshot(id)).toEqual(firstSnapshot);
    const newFirst = (await db.customer.findFirst({ where: { workspaceId: id }, orderBy: { id: "asc" }, select: { id: true } }))?.id;
    expect(newFirst).not.toEqual(firstCustomerId);
  });

  it("writes orders whose lines add up, inside each customer's life, with intact references", async () => {
    const id = workspaceIdOf(await seedOne(uniqueSlug("shape"), 300, 31));
    const check = await pool.query<Record<string, number>>(
      `WITH totals AS (
         SELECT o.id, o.total, coalesce(sum(i.unit_price * i.quantity), 0) AS lines, count(i.id) AS n
           FROM customer_order o LEFT JOIN order_item i ON i.order_id = o.id
          WHERE o.workspace_id = $1 GROUP BY o.id, o.total)
       SELECT (SELECT count(*) FROM totals WHERE lines <> total OR n = 0)::int AS mismatched_orders,
              (SELECT count(*) FROM customer_order o JOIN customer c ON c.id = o.customer_id
                WHERE o.workspace_id = $1 AND (o.placed_at < c.signed_up_at OR o.placed_at >= $2::timestamptz))::int AS orders_outside_life,
              (SELECT count(*) FROM customer_order o JOIN customer c ON c.id = o.customer_id
                WHERE o.workspace_id = $1 AND c.workspace_id <> o.workspace_id)::int AS cross_workspace_orders,
              (SELECT count(*) FROM order_item i JOIN product p ON p.id = i.product_id
                WHERE i.workspace_id = $1 AND p.workspace_id <> i.workspace_id)::int AS cross_workspace_products,
              (SELECT count(*) FROM event e JOIN customer c ON c.id = e.customer_id
                WHERE e.workspace_id = $1 AND (c.workspace_id <> e.workspace_id OR e.occurred_at < c.signed_up_at OR e.occurred_at >= $2::timestamptz))::int AS bad_events,
              (SELECT count(*) FROM customer WHERE workspace_id = $1 AND signed_up_at >= $2::timestamptz)::int AS future_signups`,
      [id, new Date(AS_OF_MS).toISOString()],
    );
    expect(check.rows[0]).toEqual({
      mismatched_orders: 0,
      orders_outside_life: 0,
      cross_workspace_orders: 0,
      cross_workspace_products: 0,
      bad_events: 0,
      future_signups: 0,
    });

    // The statistical shape a BTYD process with these parameters gives (about 2 orders per
    // customer, 60% of buyers buying once); wide bounds, as 300 customers are few.
    const shape = await pool.query<{ orders_per_customer: number; one_time_share: number; buyer_share: number; aov: number }>(
      `WITH per AS (SELECT c.id, count(o.id) AS n, sum(o.total) AS spend
                      FROM customer c LEFT JOIN customer_order o ON o.customer_id = c.id
                     WHERE c.workspace_id = $1 GROUP BY c.id)
       SELECT avg(n)::float8 AS orders_per_customer,
              (count(*) FILTER (WHERE n = 1))::float8 / nullif(count(*) FILTER (WHERE n > 0), 0) AS one_time_share,
              (count(*) FILTER (WHERE n > 0))::float8 / count(*) AS buyer_share,
              (sum(spend) / sum(n))::float8 AS aov
         FROM per`,
      [id],
    );
    const s = shape.rows[0];
    expect(s?.orders_per_customer).toBeGreaterThan(1.4);
    expect(s?.orders_per_customer).toBeLessThan(3);
    expect(s?.one_time_share).toBeGreaterThan(0.45);
    expect(s?.one_time_share).toBeLessThan(0.75);
    expect(s?.buyer_share).toBeGreaterThan(0.8);
    expect(s?.aov).toBeGreaterThan(65);
    expect(s?.aov).toBeLessThan(95);
  });

  it("looks like an apparel e-commerce retailer: the targets of docs/demo-data.md", async () => {
    const id = workspaceIdOf(await seedOne(uniqueSlug("retail"), 2500, 41));
    // Counted from the loaded rows, over the three-year window and its last year.
    const res = await pool.query<{ buyers: number; one_time_share: number; orders_per_active_per_year: number; most_orders: number; active_last_year: number }>(
      `WITH per AS (
         SELECT o.customer_id, count(*) AS n, count(*) FILTER (WHERE o.placed_at >= $2::timestamptz - interval '365 days') AS last_year
           FROM customer_order o WHERE o.workspace_id = $1 GROUP BY o.customer_id)
       SELECT count(*)::int AS buyers,
              (count(*) FILTER (WHERE n = 1))::float8 / count(*) AS one_time_share,
              (sum(last_year)::float8 / nullif(count(*) FILTER (WHERE last_year > 0), 0)) AS orders_per_active_per_year,
              max(n)::int AS most_orders,
              (count(*) FILTER (WHERE last_year > 0))::int AS active_last_year
         FROM per`,
      [id, new Date(AS_OF_MS).toISOString()],
    );
    const r = res.rows[0]!;
    expect(r.buyers).toBeGreaterThan(2000);
    expect(r.active_last_year).toBeGreaterThan(800);
    // One-time buyers: 55-75% of buyers (repeat-purchase rate 25-45%).
    expect(r.one_time_share).toBeGreaterThan(0.55);
    expect(r.one_time_share).toBeLessThan(0.75);
    // Orders per customer active in the last year: 1.5-3 a year.
    expect(r.orders_per_active_per_year).toBeGreaterThan(1.5);
    expect(r.orders_per_active_per_year).toBeLessThan(3);
    // No implausible heavy buyer: at two orders a year on average, even a weekly shopper is rare.
    expect(r.most_orders).toBeLessThan(80);
  });

  it("refuses a trusted load whose references fall outside the reserved blocks", async () => {
    const slug = uniqueSlug("verify");
    const seeded = await seedOne(slug, 100, 51);
    const id = workspaceIdOf(seeded);
    const counts = seeded.workspaces[0]?.counts;
    if (!counts) throw new Error("nothing loaded");
    const first = await pool.query<{ c: string; o: string; i: string; e: string; p: string }>(
      `SELECT (SELECT min(id) FROM customer WHERE workspace_id = $1)::text AS c, (SELECT min(id) FROM customer_order WHERE workspace_id = $1)::text AS o,
              (SELECT min(id) FROM order_item WHERE workspace_id = $1)::text AS i, (SELECT min(id) FROM event WHERE workspace_id = $1)::text AS e,
              (SELECT min(id) FROM product WHERE workspace_id = $1)::text AS p`,
      [id],
    );
    const row = first.rows[0];
    const ids = { customer: Number(row?.c), order: Number(row?.o), orderItem: Number(row?.i), event: Number(row?.e), product: Number(row?.p) };
    const client = await pool.connect();
    try {
      await verifyLoadedReferences(client, id, ids, counts);
      await expect(verifyLoadedReferences(client, id, ids, { ...counts, orders: counts.orders + 1 })).rejects.toThrow(/orders/);
      // Shifting the product block by one puts lines of the most popular product outside it.
      await expect(verifyLoadedReferences(client, id, { ...ids, product: ids.product + 1 }, counts)).rejects.toThrow(/order_items/);
      await expect(verifyLoadedReferences(client, id, { ...ids, customer: ids.customer + 1 }, counts)).rejects.toThrow(/customers/);
    } finally {
      client.release();
    }
  });

  it("leaves the id sequences ahead of the loaded rows", async () => {
    const id = workspaceIdOf(await seedOne(uniqueSlug("seq"), 50, 41));
    const maxCustomer = await db.customer.findFirst({ where: { workspaceId: id }, orderBy: { id: "desc" }, select: { id: true } });
    const customer = await db.customer.create({ data: { workspaceId: id, externalId: "after-seed" }, select: { id: true } });
    expect(customer.id > (maxCustomer?.id ?? 0n)).toBe(true);
    const order = await db.order.create({
      data: { workspaceId: id, customerId: customer.id, externalId: "after-seed", placedAt: new Date(), total: "10.00", currency: "USD" },
      select: { id: true },
    });
    await db.orderItem.create({ data: { workspaceId: id, orderId: order.id, unitPrice: "10.00" } });
    await db.event.create({ data: { workspaceId: id, customerId: customer.id, type: "site_visit", occurredAt: new Date() } });
    await db.product.create({ data: { workspaceId: id, externalId: "after-seed", name: "After seed" } });
  });

  it("creates the demo and northwind workspaces and one sign-in per role", async () => {
    const result = await seedDemo({ customers: 120, seed: 3, asOf: AS_OF, northwindCustomers: 80 });
    expect(result.workspaces.map((w) => w.slug)).toEqual(["demo", "northwind"]);
    const workspaces = await db.workspace.findMany({
      where: { slug: { in: ["demo", "northwind"] } },
      select: { slug: true, name: true, currency: true, timezone: true, _count: { select: { customers: true } } },
      orderBy: { slug: "asc" },
    });
    expect(workspaces).toEqual([
      { slug: "demo", name: "Acme Outfitters", currency: "USD", timezone: "America/New_York", _count: { customers: 120 } },
      { slug: "northwind", name: "Northwind Traders", currency: "EUR", timezone: "Europe/Berlin", _count: { customers: 80 } },
    ]);
    const northwindCurrencies = await pool.query<{ currency: string }>(
      `SELECT DISTINCT o.currency FROM customer_order o JOIN workspace w ON w.id = o.workspace_id WHERE w.slug = 'northwind'`,
    );
    expect(northwindCurrencies.rows).toEqual([{ currency: "EUR" }]);

    for (const login of DEMO_LOGINS) {
      const user = await db.user.findUnique({
        where: { email: login.email },
        select: { passwordHash: true, memberships: { select: { role: true, workspace: { select: { slug: true } } } } },
      });
      expect(user).not.toBeNull();
      expect(await verifyPassword(user?.passwordHash ?? "", login.password)).toBe(true);
      expect(await verifyPassword(user?.passwordHash ?? "", "wrong-password")).toBe(false);
      const roles = Object.fromEntries((user?.memberships ?? []).filter((m) => ["demo", "northwind"].includes(m.workspace.slug)).map((m) => [m.workspace.slug, m.role]));
      // Only the admin can see the second workspace: that is what shows tenant isolation.
      expect(roles).toEqual(login.role === "ADMIN" ? { demo: "ADMIN", northwind: "ADMIN" } : { demo: login.role });
    }
  });
});
