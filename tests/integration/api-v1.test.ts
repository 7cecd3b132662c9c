import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import * as customersBatchRoute from "../../app/api/v1/customers/batch/route.ts";
import * as customerRoute from "../../app/api/v1/customers/[externalId]/route.ts";
import * as customersRoute from "../../app/api/v1/customers/route.ts";
import * as eventsBatchRoute from "../../app/api/v1/events/batch/route.ts";
import * as eventsRoute from "../../app/api/v1/events/route.ts";
import * as ordersBatchRoute from "../../app/api/v1/orders/batch/route.ts";
import * as ordersRoute from "../../app/api/v1/orders/route.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { createWorkspaceApiKey, revokeWorkspaceApiKey } from "../../lib/ingest/api-keys/manage-api-keys.ts";

const BASE = "http://localhost:3000";
type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

async function call(handler: unknown, path: string, init: { method?: string; key?: string | null; body?: unknown; rawBody?: string; params?: object } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const req = new NextRequest(`${BASE}${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const res = await (handler as Handler)(req, { params: Promise.resolve((init.params ?? {}) as never) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function tenant() {
  const ws = await db.workspace.create({ data: { slug: `api-${randomUUID()}`, name: "API test", currency: "EUR" }, select: { id: true } });
  const user = await db.user.create({ data: { email: `${randomUUID()}@example.com`, name: "Admin", passwordHash: "x" }, select: { id: true } });
  const key = await createWorkspaceApiKey(ws.id, user.id, { name: "test key", scopes: ["read", "write"] });
  return { workspaceId: ws.id, userId: user.id, key: key.key, keyId: key.id };
}

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

describe("API authentication", () => {
  it("401 without a key, with an unknown key, and with a revoked key; creation and revocation are audited", async () => {
    const t = await tenant();
    expect((await call(customersRoute.GET, "/api/v1/customers", { key: null })).status).toBe(401);
    expect((await call(customersRoute.GET, "/api/v1/customers", { key: "vl_live_not-a-real-key" })).status).toBe(401);
    expect((await call(customersRoute.GET, "/api/v1/customers", { key: t.key })).status).toBe(200);
    await revokeWorkspaceApiKey(t.workspaceId, t.userId, t.keyId);
    const revoked = await call(customersRoute.POST, "/api/v1/customers", { key: t.key, body: { external_id: "x" } });
    expect(revoked.status).toBe(401);
    expect(await db.customer.count({ where: { workspaceId: t.workspaceId } })).toBe(0);
    const audit = await db.auditLog.findMany({ where: { workspaceId: t.workspaceId }, select: { action: true, actorUserId: true }, orderBy: { id: "asc" } });
    expect(audit).toEqual([
      { action: "apikey.created", actorUserId: t.userId },
      { action: "apikey.revoked", actorUserId: t.userId },
    ]);
  });

  it("a key of workspace A never reads or writes workspace B", async () => {
    const a = await tenant();
    const b = await tenant();
    await call(customersRoute.POST, "/api/v1/customers", { key: b.key, body: { external_id: "shared-id", email: "b@example.com" } });
    // Same external id through A's key: a separate customer in A; B's is untouched.
    const write = await call(customersRoute.POST, "/api/v1/customers", { key: a.key, body: { external_id: "shared-id", email: "a@example.com" } });
    expect(write.status).toBe(201);
    const bOnly = await call(customersRoute.POST, "/api/v1/customers", { key: b.key, body: { external_id: "only-in-b" } });
    expect(bOnly.status).toBe(201);

    expect((await call(customerRoute.GET, "/api/v1/customers/only-in-b", { key: a.key, params: { externalId: "only-in-b" } })).status).toBe(404);
    const read = await call(customerRoute.GET, "/api/v1/customers/shared-id", { key: a.key, params: { externalId: "shared-id" } });
    expect(read.body).toMatchObject({ customer: { external_id: "shared-id", email: "a@example.com" } });
    const list = await call(customersRoute.GET, "/api/v1/customers?limit=500", { key: a.key });
    expect((list.body?.data as { external_id: string }[]).map((c) => c.external_id)).toEqual(["shared-id"]);
    const bCustomer = await db.customer.findUniqueOrThrow({ where: { workspaceId_externalId: { workspaceId: b.workspaceId, externalId: "shared-id" } } });
    expect(bCustomer.email).toBe("b@example.com");

    // Orders through A's key naming B's customer create a customer in A, not a link into B.
    await call(ordersRoute.POST, "/api/v1/orders", { key: a.key, body: { external_id: "o1", customer_external_id: "only-in-b", placed_at: "2024-01-01", total: 1 } });
    expect(await db.order.count({ where: { workspaceId: b.workspaceId } })).toBe(0);
    expect(await db.customer.count({ where: { workspaceId: a.workspaceId, externalId: "only-in-b" } })).toBe(1);
  });
});

describe("API writes", () => {
  it("single customer: 201 then 200 updated, then 200 unchanged; an invalid one is a 422 naming the field", async () => {
    const t = await tenant();
    const first = await call(customersRoute.POST, "/api/v1/customers", { key: t.key, body: { external_id: 42, email: "Ada@Example.com", email_consent: true } });
    expect(first).toMatchObject({ status: 201, body: { status: "created", customer: { external_id: "42", email: "ada@example.com", email_consent: true } } });
    const second = await call(customersRoute.POST, "/api/v1/customers", { key: t.key, body: { external_id: "42", city: "London" } });
    expect(second).toMatchObject({ status: 200, body: { status: "updated", customer: { email: "ada@example.com", city: "London" } } });
    const third = await call(customersRoute.POST, "/api/v1/customers", { key: t.key, body: { external_id: "42", city: "London" } });
    expect(third).toMatchObject({ status: 200, body: { status: "unchanged" } });
    const bad = await call(customersRoute.POST, "/api/v1/customers", { key: t.key, body: { external_id: "43", email: "nope", colour: "red" } });
    expect(bad.status).toBe(422);
    expect(bad.body?.error).toMatchObject({
      code: "VALIDATION",
      details: expect.arrayContaining([{ path: "email", message: "is not a valid email address" }, { path: "", message: expect.stringContaining('"colour"') }]),
    });
    expect(await db.customer.count({ where: { workspaceId: t.workspaceId } })).toBe(1);
  });

  it("batch: valid items are accepted next to invalid ones, with per-item results", async () => {
    const t = await tenant();
    const res = await call(ordersBatchRoute.POST, "/api/v1/orders/batch", {
      key: t.key,
      body: {
        orders: [
          { external_id: "o1", customer_external_id: "c1", placed_at: "2024-02-01T10:00:00Z", total: 10 },
          { external_id: "o2", customer_external_id: "c1", placed_at: "yesterday", total: 10 },
          { external_id: "o3", customer_external_id: "c2", placed_at: "2024-02-02", total: "20.50", currency: "usd" },
          "not an object",
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body?.summary).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 2, customers_created: 2 });
    const results = res.body?.results as { index: number; status: string; errors?: { path: string }[] }[];
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, "created"],
      [1, "error"],
      [2, "created"],
      [3, "error"],
    ]);
    expect(results[1]?.errors?.[0]?.path).toBe("placed_at");
    const stored = await db.order.findMany({ where: { workspaceId: t.workspaceId }, select: { externalId: true, currency: true, total: true }, orderBy: { externalId: "asc" } });
    expect(stored.map((o) => [o.externalId, o.currency, o.total.toFixed(2)])).toEqual([
      ["o1", "EUR", "10.00"],
      ["o3", "USD", "20.50"],
    ]);
  });

  it("events: single and batch, idempotent with external_id", async () => {
    const t = await tenant();
    const event = { external_id: "e1", customer_external_id: "c1", type: "login", occurred_at: "2024-02-01T10:00:00Z" };
    expect((await call(eventsRoute.POST, "/api/v1/events", { key: t.key, body: event })).status).toBe(201);
    const again = await call(eventsRoute.POST, "/api/v1/events", { key: t.key, body: event });
    expect(again).toMatchObject({ status: 200, body: { status: "unchanged", external_id: "e1" } });
    const batch = await call(eventsBatchRoute.POST, "/api/v1/events/batch", { key: t.key, body: { events: [event, { customer_external_id: "c1", type: "view" }] } });
    expect((batch.body?.results as { status: string }[]).map((r) => r.status)).toEqual(["unchanged", "created"]);
    expect(await db.event.count({ where: { workspaceId: t.workspaceId } })).toBe(2);
  });

  it("413 for too many items or too large a body, 422 for a wrong shape, 400 for broken JSON", async () => {
    const t = await tenant();
    const tooMany = { customers: Array.from({ length: 1001 }, (_, i) => ({ external_id: `c${i}` })) };
    expect((await call(customersBatchRoute.POST, "/api/v1/customers/batch", { key: t.key, body: tooMany })).status).toBe(413);
    const huge = JSON.stringify({ external_id: "big", attributes: { blob: "x".repeat(300 * 1024) } });
    expect((await call(customersRoute.POST, "/api/v1/customers", { key: t.key, rawBody: huge })).status).toBe(413);
    expect((await call(customersBatchRoute.POST, "/api/v1/customers/batch", { key: t.key, body: { customers: "c1" } })).status).toBe(422);
    expect((await call(customersBatchRoute.POST, "/api/v1/customers/batch", { key: t.key, body: [{ external_id: "c1" }] })).status).toBe(422);
    expect((await call(customersBatchRoute.POST, "/api/v1/customers/batch", { key: t.key, body: { customers: [] } })).status).toBe(422);
    expect((await call(customersRoute.POST, "/api/v1/customers", { key: t.key, rawBody: "{oops" })).status).toBe(400);
    expect(await db.customer.count({ where: { workspaceId: t.workspaceId } })).toBe(0);
  });
});

describe("API reads", () => {
  it("pages through every customer exactly once with the cursor", async () => {
    const t = await tenant();
    const ids = Array.from({ length: 7 }, (_, i) => `p${i}`);
    await call(customersBatchRoute.POST, "/api/v1/customers/batch", { key: t.key, body: { customers: ids.map((external_id) => ({ external_id })) } });
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await call(customersRoute.GET, `/api/v1/customers?limit=3${after ? `&after=${after}` : ""}`, { key: t.key });
      expect(res.status).toBe(200);
      seen.push(...(res.body?.data as { external_id: string }[]).map((c) => c.external_id));
      after = res.body?.next_cursor as string | null;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(ids);
    expect((await call(customersRoute.GET, "/api/v1/customers?limit=0", { key: t.key })).status).toBe(422);
    expect((await call(customersRoute.GET, "/api/v1/customers?after=garbage", { key: t.key })).status).toBe(422);
  });

  it("gets a customer whose external id needs URL encoding", async () => {
    const t = await tenant();
    const id = "shop/42 100%";
    await call(customersRoute.POST, "/api/v1/customers", { key: t.key, body: { external_id: id } });
    const res = await call(customerRoute.GET, `/api/v1/customers/${encodeURIComponent(id)}`, { key: t.key, params: { externalId: id } });
    expect(res).toMatchObject({ status: 200, body: { customer: { external_id: id } } });
  });
});
