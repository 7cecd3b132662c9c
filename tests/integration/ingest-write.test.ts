import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { ingestItems } from "../../lib/ingest/api/ingest-items.ts";

async function workspace(overrides: { currency?: string; timezone?: string } = {}) {
  return db.workspace.create({ data: { slug: `ingest-${randomUUID()}`, name: "Ingest test", ...overrides }, select: { id: true } });
}

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

describe("set-based writers through the API path", () => {
  it("creates, then updates only what changed, and leaves absent fields alone", async () => {
    const ws = await workspace();
    const first = await ingestItems("customers", ws.id, [
      { external_id: "c1", email: "Ada@Example.com", first_name: "Ada", email_consent: "yes", attributes: { tier: "gold", vip: true } },
      { external_id: "c2", email: "grace@example.com" },
    ]);
    expect(first.summary).toMatchObject({ created: 2, updated: 0, unchanged: 0, failed: 0 });

    const second = await ingestItems("customers", ws.id, [
      { external_id: "c1", last_name: "Lovelace", attributes: { vip: null, since: 2020 } },
      { external_id: "c2", email: "grace@example.com" },
    ]);
    expect(second.results.map((r) => r.status)).toEqual(["updated", "unchanged"]);

    const c1 = await db.customer.findUniqueOrThrow({ where: { workspaceId_externalId: { workspaceId: ws.id, externalId: "c1" } } });
    expect(c1).toMatchObject({ email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", emailConsent: true });
    expect(c1.attributes).toEqual({ tier: "gold", since: 2020 });

    const odd = 'odd "key", with \\ and {braces}';
    await ingestItems("customers", ws.id, [{ external_id: "c1", attributes: { [odd]: 1 } }]);
    await ingestItems("customers", ws.id, [{ external_id: "c1", attributes: { [odd]: null, tier: "platinum" } }]);
    const c1b = await db.customer.findUniqueOrThrow({ where: { workspaceId_externalId: { workspaceId: ws.id, externalId: "c1" } } });
    expect(c1b.attributes).toEqual({ tier: "platinum", since: 2020 });

    const cleared = await ingestItems("customers", ws.id, [{ external_id: "c1", first_name: null }]);
    expect(cleared.results[0]?.status).toBe("updated");
    const again = await db.customer.findUniqueOrThrow({ where: { workspaceId_externalId: { workspaceId: ws.id, externalId: "c1" } } });
    expect(again.firstName).toBeNull();
    expect(again.lastName).toBe("Lovelace");
  });

  it("orders: unknown customers are created, local times use the workspace zone, totals are exact", async () => {
    const ws = await workspace({ currency: "EUR", timezone: "Europe/Berlin" });
    const res = await ingestItems("orders", ws.id, [
      { external_id: "o1", customer_external_id: "new-1", placed_at: "2024-07-01 10:00", total: "19.99" },
      { external_id: "o2", customer_external_id: "new-1", placed_at: "2024-01-15T10:00:00Z", total: 5, currency: "usd" },
      { external_id: "o3", customer_external_id: "new-2", placed_at: "2024-01-15", total: "-1" },
    ]);
    expect(res.summary).toMatchObject({ created: 2, failed: 1, customers_created: 1 });
    expect(res.results[2]).toMatchObject({ status: "error", errors: [{ path: "total", message: "must be 0 or more" }] });
    const orders = await db.order.findMany({ where: { workspaceId: ws.id }, orderBy: { externalId: "asc" } });
    // 10:00 in Berlin in July is 08:00 UTC (CEST).
    expect(orders[0]?.placedAt.toISOString()).toBe("2024-07-01T08:00:00.000Z");
    expect(orders[0]?.total.toString()).toBe("19.99");
    expect(orders[0]?.currency).toBe("EUR");
    expect(orders[1]?.currency).toBe("USD");
    const customers = await db.customer.findMany({ where: { workspaceId: ws.id }, select: { externalId: true, email: true } });
    expect(customers).toEqual([{ externalId: "new-1", email: null }]);
  });

  it("events: external ids make re-sends idempotent; events without one always add", async () => {
    const ws = await workspace();
    const batch = [
      { external_id: "e1", customer_external_id: "u1", type: "page_view", occurred_at: "2024-05-01T12:00:00Z", properties: { path: "/" } },
      { customer_external_id: "u1", type: "login" },
    ];
    const a = await ingestItems("events", ws.id, batch);
    const b = await ingestItems("events", ws.id, batch);
    expect(a.results.map((r) => r.status)).toEqual(["created", "created"]);
    expect(b.results.map((r) => r.status)).toEqual(["unchanged", "created"]);
    expect(await db.event.count({ where: { workspaceId: ws.id } })).toBe(3);
  });
});
