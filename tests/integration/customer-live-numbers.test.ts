import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { ingestItems } from "../../lib/ingest/api/ingest-items.ts";
import { ingestOne } from "../../lib/ingest/api/ingest-one.ts";
import { listCustomers } from "../../lib/customers/list-customers.ts";
import { importCsv, importSetup } from "../support/import-csv.ts";

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

interface Numbers {
  external_id: string;
  order_count: number;
  revenue: string;
  first_order_at: string | null;
  last_order_at: string | null;
}

/** The oracle: a plain aggregate over the orders that count (the statuses the product never counts, written out here). */
async function fromOrders(workspaceId: number): Promise<Numbers[]> {
  const r = await pool.query<Numbers>(
    `SELECT c.external_id, count(o.id)::int AS order_count, coalesce(sum(o.total), 0)::numeric(14,2)::text AS revenue,
            min(o.placed_at) AS first_order_at, max(o.placed_at) AS last_order_at
       FROM customer c
       LEFT JOIN customer_order o ON o.customer_id = c.id
        AND lower(o.status) NOT IN ('cancelled', 'canceled', 'refunded', 'failed', 'voided')
      WHERE c.workspace_id = $1
      GROUP BY c.external_id ORDER BY c.external_id`,
    [workspaceId],
  );
  return r.rows;
}

/** What the product shows: the customers list (every page), in the same shape. */
async function fromList(workspaceId: number): Promise<Numbers[]> {
  const out: Numbers[] = [];
  let after: string | undefined;
  do {
    const page = await listCustomers({ workspaceId, after, limit: 3 });
    for (const r of page.rows) {
      out.push({
        external_id: r.externalId,
        order_count: r.orderCount,
        revenue: r.revenue.toFixed(2),
        first_order_at: r.firstOrderAt as never,
        last_order_at: r.lastOrderAt as never,
      });
    }
    after = page.nextCursor ?? undefined;
  } while (after);
  return out.sort((a, b) => a.external_id.localeCompare(b.external_id));
}

async function expectLive(workspaceId: number) {
  const [want, got] = await Promise.all([fromOrders(workspaceId), fromList(workspaceId)]);
  expect(got).toEqual(want);
  return want;
}

describe("per-customer order numbers are current on every write path", () => {
  it("after API single and batch writes, updates of amount and status, re-sent duplicates and a delete", async () => {
    const ctx = await importSetup();
    const ws = ctx.workspaceId;
    await ingestItems("customers", ws, [{ external_id: "ada", email: "ada@example.com" }, { external_id: "bob" }, { external_id: "cy" }]);
    await ingestOne("orders", ws, { external_id: "o1", customer_external_id: "ada", placed_at: "2025-01-05T10:00:00Z", total: "20.00", currency: "EUR" });
    let numbers = await expectLive(ws);
    expect(numbers.find((n) => n.external_id === "ada")).toMatchObject({ order_count: 1, revenue: "20.00" });
    expect(numbers.find((n) => n.external_id === "bob")).toMatchObject({ order_count: 0, revenue: "0.00", last_order_at: null });

    const batch = [
      { external_id: "o2", customer_external_id: "ada", placed_at: "2025-03-01T09:30:00Z", total: "5.55", currency: "EUR" },
      { external_id: "o3", customer_external_id: "bob", placed_at: "2024-12-24T18:00:00Z", total: "100.10", currency: "EUR" },
      // An order of a customer not sent before creates the customer, with its numbers.
      { external_id: "o4", customer_external_id: "dee", placed_at: "2025-02-01T00:00:00Z", total: "7.00", currency: "EUR" },
    ];
    await ingestItems("orders", ws, batch);
    numbers = await expectLive(ws);
    expect(numbers.find((n) => n.external_id === "dee")).toMatchObject({ order_count: 1, revenue: "7.00" });

    // The same batch again: nothing doubles.
    await ingestItems("orders", ws, batch);
    numbers = await expectLive(ws);
    expect(numbers.find((n) => n.external_id === "ada")).toMatchObject({ order_count: 2, revenue: "25.55" });

    // An amount changes, an order moves to a later date, one is refunded.
    await ingestItems("orders", ws, [
      { external_id: "o1", customer_external_id: "ada", placed_at: "2025-01-05T10:00:00Z", total: "30.00", currency: "EUR" },
      { external_id: "o2", customer_external_id: "ada", placed_at: "2025-04-01T09:30:00Z", total: "5.55", currency: "EUR" },
      { external_id: "o3", customer_external_id: "bob", placed_at: "2024-12-24T18:00:00Z", total: "100.10", currency: "EUR", status: "refunded" },
    ]);
    numbers = await expectLive(ws);
    expect(numbers.find((n) => n.external_id === "ada")).toMatchObject({ order_count: 2, revenue: "35.55" });
    expect(numbers.find((n) => n.external_id === "bob")).toMatchObject({ order_count: 0, revenue: "0.00", first_order_at: null });

    // A refund taken back, a hand-written delete and an order moved to another customer.
    await pool.query(`UPDATE customer_order SET status = 'completed' WHERE workspace_id = $1 AND external_id = 'o3'`, [ws]);
    await pool.query(`DELETE FROM customer_order WHERE workspace_id = $1 AND external_id = 'o4'`, [ws]);
    await pool.query(
      `UPDATE customer_order SET customer_id = (SELECT id FROM customer WHERE workspace_id = $1 AND external_id = 'cy') WHERE workspace_id = $1 AND external_id = 'o2'`,
      [ws],
    );
    numbers = await expectLive(ws);
    expect(numbers.find((n) => n.external_id === "cy")).toMatchObject({ order_count: 1, revenue: "5.55" });
    expect(numbers.find((n) => n.external_id === "dee")).toMatchObject({ order_count: 0 });
  });

  it("after CSV imports, including the same file again and a file that changes amounts and cancels", async () => {
    const ctx = await importSetup();
    await importCsv(ctx, "CUSTOMERS", "external_id,email\nk1,k1@example.com\nk2,k2@example.com\nk3,\n");
    const orders = [
      "order_id,customer_id,placed_at,total,currency,status",
      "x1,k1,2025-01-01T08:00:00Z,10.00,EUR,completed",
      "x2,k1,2025-02-01T08:00:00Z,12.34,EUR,completed",
      "x3,k2,2025-01-15T08:00:00Z,99.99,EUR,completed",
      "x4,k4,2025-03-01T08:00:00Z,1.01,EUR,completed",
    ].join("\n");
    await importCsv(ctx, "ORDERS", orders);
    let numbers = await expectLive(ctx.workspaceId);
    expect(numbers.find((n) => n.external_id === "k1")).toMatchObject({ order_count: 2, revenue: "22.34" });
    await importCsv(ctx, "ORDERS", orders);
    await expectLive(ctx.workspaceId);
    await importCsv(ctx, "ORDERS", ["order_id,customer_id,placed_at,total,currency,status", "x1,k1,2025-01-01T08:00:00Z,11.00,EUR,completed", "x3,k2,2025-01-15T08:00:00Z,99.99,EUR,cancelled"].join("\n"));
    numbers = await expectLive(ctx.workspaceId);
    expect(numbers.find((n) => n.external_id === "k1")).toMatchObject({ order_count: 2, revenue: "23.34" });
    expect(numbers.find((n) => n.external_id === "k2")).toMatchObject({ order_count: 0 });
  });
});
