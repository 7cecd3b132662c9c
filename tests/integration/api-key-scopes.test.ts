import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as apiKeysRoute from "../../app/api/w/[workspace]/api-keys/route.ts";
import * as customersBatchRoute from "../../app/api/v1/customers/batch/route.ts";
import * as customerRoute from "../../app/api/v1/customers/[externalId]/route.ts";
import * as customersRoute from "../../app/api/v1/customers/route.ts";
import * as eventsBatchRoute from "../../app/api/v1/events/batch/route.ts";
import * as eventsRoute from "../../app/api/v1/events/route.ts";
import * as ordersBatchRoute from "../../app/api/v1/orders/batch/route.ts";
import * as ordersRoute from "../../app/api/v1/orders/route.ts";
import * as segmentsCountRoute from "../../app/api/v1/segments/count/route.ts";
import * as segmentsRoute from "../../app/api/v1/segments/route.ts";
import { takeApiKeyRequest } from "../../lib/auth/api-key-rate-limit.ts";
import { createApiKey, revokeApiKey } from "../../lib/auth/api-keys.ts";
import { db } from "../../lib/db/client.ts";
import { ensureDatabase, migrate, readMigrations } from "../../lib/db/migrate.ts";
import { env } from "../../lib/env.ts";
import { pool } from "../../lib/db/pool.ts";
import { createCustomer, createUser, createWorkspace } from "../support/factories.ts";

// The settings routes read the signed-in user from the session cookie; here the test decides who is signed in.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;
const DAY_MS = 86_400_000;

async function call(handler: unknown, path: string, init: { key?: string; method?: string; body?: unknown; params?: object; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const req = new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const res = await (handler as Handler)(req, { params: Promise.resolve((init.params ?? {}) as never) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as { error?: { message: string; code: string } } & Record<string, unknown>) : null };
}

const CUSTOMER = { external_id: "C-1", email: "ada@example.com" };
const ORDER = { external_id: "O-1", customer_external_id: "C-1", placed_at: "2024-03-07T10:15:00Z", total: "49.90" };
const EVENT = { external_id: "E-1", customer_external_id: "C-1", type: "viewed" };
const DEFINITION = { version: 1, root: { id: "root", type: "group", combinator: "and", children: [] } };

/** Every /api/v1 route that changes data, with a body it would accept. */
const WRITES = [
  { name: "POST /customers", handler: customersRoute.POST, path: "/api/v1/customers", body: CUSTOMER },
  { name: "POST /customers/batch", handler: customersBatchRoute.POST, path: "/api/v1/customers/batch", body: { customers: [CUSTOMER] } },
  { name: "POST /orders", handler: ordersRoute.POST, path: "/api/v1/orders", body: ORDER },
  { name: "POST /orders/batch", handler: ordersBatchRoute.POST, path: "/api/v1/orders/batch", body: { orders: [ORDER] } },
  { name: "POST /events", handler: eventsRoute.POST, path: "/api/v1/events", body: EVENT },
  { name: "POST /events/batch", handler: eventsBatchRoute.POST, path: "/api/v1/events/batch", body: { events: [EVENT] } },
];

describe("API key scopes", () => {
  it("a read-only key reads customers and segments (counts included) but gets 403 naming the 'write' scope on every write, and nothing is written", async () => {
    const ws = await createWorkspace();
    await createCustomer(ws.id, { externalId: "known", email: "known@example.com" });
    const { plaintext: key } = await createApiKey(ws.id, { name: "BI export", scopes: ["read"] }, null);

    expect((await call(customersRoute.GET, "/api/v1/customers", { key })).status).toBe(200);
    expect((await call(customerRoute.GET, "/api/v1/customers/known", { key, params: { externalId: "known" } })).status).toBe(200);
    expect((await call(segmentsRoute.GET, "/api/v1/segments", { key })).status).toBe(200);
    expect((await call(segmentsCountRoute.POST, "/api/v1/segments/count", { key, body: { definition: DEFINITION } })).status).toBe(200);

    for (const w of WRITES) {
      const res = await call(w.handler, w.path, { key, body: w.body });
      expect(res.status, w.name).toBe(403);
      expect(res.body?.error?.message, w.name).toContain("lacks the 'write' scope");
    }
    expect(await db.customer.count({ where: { workspaceId: ws.id } })).toBe(1);
    expect(await db.order.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("a write-only key sends data in but cannot read personal data back", async () => {
    const ws = await createWorkspace();
    const { plaintext: key } = await createApiKey(ws.id, { name: "shop backend", scopes: ["write"] }, null);
    expect((await call(customersRoute.POST, "/api/v1/customers", { key, body: CUSTOMER })).status).toBe(201);
    const list = await call(customersRoute.GET, "/api/v1/customers", { key });
    expect(list.status).toBe(403);
    expect(list.body?.error?.message).toContain("lacks the 'read' scope");
    expect((await call(segmentsCountRoute.POST, "/api/v1/segments/count", { key, body: { definition: DEFINITION } })).status).toBe(403);
  });

  it("an expired key gets 401 saying it expired; a key with time left works; a revoked key gets 401", async () => {
    const ws = await createWorkspace();
    const now = Date.now();
    // Created two days ago with one day to live: expired since yesterday.
    const expired = await createApiKey(ws.id, { name: "old", scopes: ["read"], expiresAt: new Date(now - DAY_MS) }, null, { now: new Date(now - 2 * DAY_MS) });
    const current = await createApiKey(ws.id, { name: "current", scopes: ["read"], expiresAt: new Date(now + DAY_MS) }, null);
    const revoked = await createApiKey(ws.id, { name: "revoked", scopes: ["read", "write"] }, null);
    await revokeApiKey(ws.id, revoked.id);

    const refused = await call(customersRoute.GET, "/api/v1/customers", { key: expired.plaintext });
    expect(refused.status).toBe(401);
    expect(refused.body?.error?.message).toContain("expired");
    expect((await call(customersRoute.GET, "/api/v1/customers", { key: current.plaintext })).status).toBe(200);
    const gone = await call(customersRoute.GET, "/api/v1/customers", { key: revoked.plaintext });
    expect(gone.status).toBe(401);
    expect(gone.body?.error?.message).toContain("revoked");
  });
});

describe("the scopes migration", () => {
  it("keeps keys made before scopes existed working for read and write, and the database refuses a key without a known scope", async () => {
    const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");
    const before = await mkdtemp(path.join(tmpdir(), "migrations-before-scopes-"));
    for (const m of await readMigrations(migrationsDir)) {
      if (m.name < "20261204110000_api_key_scopes") await cp(path.join(migrationsDir, m.name), path.join(before, m.name), { recursive: true });
    }
    const url = new URL(env.DATABASE_URL);
    url.pathname = `/${url.pathname.slice(1)}_scopes_${Date.now()}`;
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await ensureDatabase(url.toString());
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await migrate(url.toString(), before);
      await client.connect();
      await client.query(`INSERT INTO workspace (slug, name) VALUES ('old', 'Old') `);
      await client.query(`INSERT INTO api_key (workspace_id, name, prefix, key_hash) SELECT id, 'legacy', 'vl_live_abcdef', 'h1' FROM workspace`);
      await migrate(url.toString(), migrationsDir);

      const legacy = await client.query(`SELECT scopes, expires_at, rate_limit_per_minute FROM api_key WHERE name = 'legacy'`);
      expect(legacy.rows).toEqual([{ scopes: ["read", "write"], expires_at: null, rate_limit_per_minute: 600 }]);
      const insert = (scopes: string) => client.query(`INSERT INTO api_key (workspace_id, name, prefix, key_hash, scopes) SELECT id, 'new', 'p', md5(random()::text), ${scopes} FROM workspace`);
      await expect(client.query(`INSERT INTO api_key (workspace_id, name, prefix, key_hash) SELECT id, 'new', 'p', 'h2' FROM workspace`)).rejects.toThrow(/scopes/);
      await expect(insert("ARRAY[]::text[]")).rejects.toThrow(/api_key_scopes_check/);
      await expect(insert("ARRAY['admin']")).rejects.toThrow(/api_key_scopes_check/);
    } finally {
      await client.end();
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(url.pathname.slice(1))}`);
      await admin.end();
      await rm(before, { recursive: true });
    }
  });
});

describe("creating keys in Settings → API keys", () => {
  async function admin(timezone = "UTC") {
    const ws = await createWorkspace({ timezone });
    session.userId = (await createUser(ws.id, "ADMIN")).id;
    // As the settings page sends it: from our own origin, with the admin's session.
    const post = (body: unknown) => call(apiKeysRoute.POST, `/api/w/${ws.slug}/api-keys`, { body, params: { workspace: ws.slug }, headers: { origin: "http://localhost:3000" } });
    return { ws, post };
  }

  it("requires at least one known scope and a sane expiry and limit; a refused request names the field and creates nothing", async () => {
    const { ws, post } = await admin();
    const inTwoYearsAndAWeek = new Date(Date.now() + 737 * DAY_MS).toISOString().slice(0, 10);
    const cases: [unknown, string][] = [
      [{ name: "no scopes" }, "scopes"],
      [{ name: "empty scopes", scopes: [] }, "scopes: Choose at least one scope"],
      [{ name: "unknown scope", scopes: ["admin"] }, "scopes.0"],
      [{ name: "past", scopes: ["read"], expiresOn: "2020-01-01" }, "expiresOn: The expiry must be in the future"],
      [{ name: "too far", scopes: ["read"], expiresOn: inTwoYearsAndAWeek }, "expiresOn: A key can expire at most two years from today"],
      [{ name: "bad date", scopes: ["read"], expiresOn: "31/12/2026" }, "expiresOn"],
      [{ name: "zero limit", scopes: ["read"], rateLimitPerMinute: 0 }, "rateLimitPerMinute"],
      [{ name: "extra field", scopes: ["read"], admin: true }, "admin"],
    ];
    for (const [body, names] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body?.error?.message, JSON.stringify(body)).toContain(names);
    }
    expect(await db.apiKey.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("stores the chosen scopes, the expiry at the end of that day in the workspace's zone and the limit; the list shows them and marks expired keys", async () => {
    const { ws, post } = await admin("Europe/Paris");
    const created = await post({ name: "CRM", scopes: ["write", "read", "write"], expiresOn: "2027-06-30", rateLimitPerMinute: 120 });
    expect(created.status).toBe(201);
    expect(created.body?.key).toMatchObject({ scopes: ["read", "write"], expiresAt: "2027-06-30T21:59:59.999Z", rateLimitPerMinute: 120, expired: false });
    const plain = await post({ name: "default limit", scopes: ["read"] });
    expect(plain.body?.key).toMatchObject({ expiresAt: null, rateLimitPerMinute: 600 });
    await db.apiKey.updateMany({ where: { workspaceId: ws.id, name: "CRM" }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const list = await call(apiKeysRoute.GET, `/api/w/${ws.slug}/api-keys`, { params: { workspace: ws.slug } });
    const keys = list.body?.keys as { name: string; scopes: string[]; expired: boolean }[];
    expect(keys.map((k) => [k.name, k.scopes, k.expired])).toEqual([
      ["default limit", ["read"], false],
      ["CRM", ["read", "write"], true],
    ]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.id, action: "apikey.created", targetId: String((created.body?.key as { id: number }).id) } });
    expect(audit.metadata).toMatchObject({ scopes: ["read", "write"], expiresAt: "2027-06-30T21:59:59.999Z", rateLimitPerMinute: 120 });
  });
});

describe("per-key rate limit", () => {
  it("300 requests, 20 at a time, on a key limited to 100 a minute: exactly 100 answered, the rest 429 with Retry-After; another key is unaffected", async () => {
    const ws = await createWorkspace();
    const limited = await createApiKey(ws.id, { name: "limited", scopes: ["read"], rateLimitPerMinute: 100 }, null);
    const other = await createApiKey(ws.id, { name: "other", scopes: ["read"], rateLimitPerMinute: 100 }, null);

    const answers: Awaited<ReturnType<typeof call>>[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < 300) {
          next++;
          answers.push(await call(customersRoute.GET, "/api/v1/customers?limit=1", { key: limited.plaintext }));
        }
      }),
    );
    expect(answers).toHaveLength(300);
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(ok).toHaveLength(100);
    expect(refused).toHaveLength(200);
    // Each answered request used one of the 100 slots: remaining counts down 99..0 with no slot given twice.
    expect(ok.map((a) => Number(a.headers.get("RateLimit-Remaining"))).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const a of [...ok, ...refused]) expect(a.headers.get("RateLimit-Limit")).toBe("100");
    for (const r of refused) {
      const retryAfter = r.headers.get("Retry-After") ?? "";
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      expect(r.headers.get("RateLimit-Remaining")).toBe("0");
      expect(r.body?.error?.code).toBe("RATE_LIMITED");
    }

    const fresh = await call(customersRoute.GET, "/api/v1/customers?limit=1", { key: other.plaintext });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("RateLimit-Remaining")).toBe("99");
  });

  it("web processes sharing a key (one Redis connection each) together never let more than its limit through", async () => {
    const processes = Array.from({ length: 6 }, () => new Redis(env.REDIS_URL));
    try {
      const key = { apiKeyId: 2_000_000 + Math.floor(Math.random() * 1_000_000), rateLimitPerMinute: 100 };
      const decisions = await Promise.all(Array.from({ length: 300 }, (_, i) => takeApiKeyRequest(key, "read", { redis: processes[i % processes.length] })));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(100);
      expect(decisions.filter((d) => d.counted)).toHaveLength(300);
    } finally {
      for (const p of processes) p.disconnect();
    }
  });

  it("lets requests through again as the minute slides: each slot frees a minute after it was used", async () => {
    // A test clock passed to the limiter (the routes use the Redis server's clock); the Redis is real.
    const key = { apiKeyId: 1_000_000 + Math.floor(Math.random() * 1_000_000), rateLimitPerMinute: 100 };
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < 100; i++) expect((await takeApiKeyRequest(key, "read", { nowMs: t0 + i * 300 })).allowed).toBe(true);

    const full = await takeApiKeyRequest(key, "read", { nowMs: t0 + 30_000 });
    expect(full).toEqual({ counted: true, allowed: false, limit: 100, remaining: 0, resetSeconds: 30 });
    // A minute after the first request its slot is free, and only that one.
    expect(await takeApiKeyRequest(key, "read", { nowMs: t0 + 60_000 })).toMatchObject({ allowed: true, remaining: 0 });
    expect((await takeApiKeyRequest(key, "read", { nowMs: t0 + 60_100 })).allowed).toBe(false);
    // Once the whole burst is a minute old the key has its full allowance again.
    expect(await takeApiKeyRequest(key, "read", { nowMs: t0 + 60_000 + 100 * 300 })).toMatchObject({ allowed: true, remaining: 98 });
  });

  it("when Redis cannot be reached, reads and writes pass unlimited and sends are refused (fault injected: a client for a closed port)", async () => {
    const down = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on("error", () => undefined);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const key = { apiKeyId: 1, rateLimitPerMinute: 1 };
      expect(await takeApiKeyRequest(key, "read", { redis: down })).toEqual({ counted: false, allowed: true });
      expect(await takeApiKeyRequest(key, "write", { redis: down })).toEqual({ counted: false, allowed: true });
      expect(await takeApiKeyRequest(key, "send", { redis: down })).toEqual({ counted: false, allowed: false });
    } finally {
      warn.mockRestore();
      down.disconnect();
    }
  });
});
