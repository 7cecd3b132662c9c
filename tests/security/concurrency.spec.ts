import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { seedWorkspace, type SeededWorkspace } from "../e2e/support/seed.ts";
import { withDb } from "./support/database.ts";
import { signIn, type HttpSession } from "./support/http-session.ts";

/**
 * Many people at once, many of them giving up mid-request (the segment
 * builder abandons every superseded count by design): afterwards no database
 * session is left idle in a transaction and every heavy route still answers
 * in its usual time. Then SIGTERM stops the server within seconds even with
 * a request hanging.
 */
test.describe.configure({ mode: "serial" });

const PER_ROUTE = 50;
/** Longest a kept request may go unanswered under the load below. */
const ANSWER_WITHIN_MS = 60_000;
const COUNT_DEFINITION = {
  version: 1,
  root: {
    id: "root",
    type: "group",
    combinator: "and",
    children: [
      { id: "email", type: "attribute", field: "email", match: { op: "contains", value: "shopper" } },
      { id: "orders", type: "orders", measure: "count", window: { kind: "lastDays", days: 365 }, match: { op: "gte", value: 1 } },
    ],
  },
};

let ws: SeededWorkspace;
let admin: HttpSession;
let segmentId: number;
let importId: number;

test.beforeAll(async ({ baseURL }) => {
  ws = await seedWorkspace({ customers: 5 });
  // Enough customers that a count takes a moment and fifty of them queue for the pool.
  await withDb((c) =>
    c.query(
      `INSERT INTO customer (workspace_id, external_id, email, country)
       SELECT w.id, 'bulk-' || g, 'shopper' || g || '@bulk.test', 'US' FROM workspace w, generate_series(1, 30000) g WHERE w.slug = $1`,
      [ws.slug],
    ),
  );
  admin = await signIn(baseURL!, ws.users.ADMIN, ws.password);
  const own = { origin: baseURL! };
  const created = await admin.json(`/api/w/${ws.slug}/segments`, "POST", { name: "Shoppers", kind: "STATIC", definition: COUNT_DEFINITION }, own);
  expect(created.status, created.body).toBe(201);
  segmentId = (JSON.parse(created.body) as { segment: { id: number } }).segment.id;
  const form = new FormData();
  form.set("kind", "CUSTOMERS");
  form.set("file", new Blob(["external_id,email\nx-1,x1@example.test\n"], { type: "text/csv" }), "customers.csv");
  const upload = await admin.request(`/api/w/${ws.slug}/imports`, { method: "POST", body: form, headers: own });
  expect(upload.status, upload.body).toBe(201);
  importId = (JSON.parse(upload.body) as { id: number }).id;
});

interface HeavyRoute {
  name: string;
  send: (signal: AbortSignal) => Promise<Response>;
}

function heavyRoutes(baseURL: string): HeavyRoute[] {
  const headers = { cookie: admin.cookieHeader(), origin: baseURL };
  const url = (p: string) => new URL(p, baseURL);
  return [
    {
      name: "live count",
      send: (signal) =>
        fetch(url(`/api/w/${ws.slug}/segments/count`), {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ definition: COUNT_DEFINITION, sampleSize: 10 }),
          signal,
        }),
    },
    { name: "members export", send: (signal) => fetch(url(`/api/w/${ws.slug}/segments/${segmentId}/export`), { headers, signal }) },
    { name: "recompute", send: (signal) => fetch(url(`/api/w/${ws.slug}/analytics/recompute`), { method: "POST", headers, signal }) },
    { name: "import status", send: (signal) => fetch(url(`/api/w/${ws.slug}/imports/${importId}`), { headers, signal }) },
  ];
}

async function leftIdleInTransaction(): Promise<number> {
  return withDb(async (c) => {
    const res = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'valueloop-web' AND state LIKE 'idle in transaction%'`,
    );
    return Number(res.rows[0]!.n);
  });
}

test("200 concurrent heavy requests, half abandoned mid-flight, leave the pool healthy and every route fast", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const routes = heavyRoutes(baseURL!);
  let random = 12345;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const outcomes = await Promise.all(
    routes.flatMap((route) =>
      Array.from({ length: PER_ROUTE }, async (_, i) => {
        const controller = new AbortController();
        const abandon = i % 2 === 0;
        if (abandon) setTimeout(() => controller.abort(), Math.floor(next() * 300));
        // A kept request the server never answers fails here, naming its route, rather than as the test's timeout.
        const deadline = setTimeout(() => controller.abort(new Error("no answer")), ANSWER_WITHIN_MS);
        try {
          const res = await route.send(controller.signal);
          await res.arrayBuffer();
          return { route: route.name, abandon, status: res.status };
        } catch {
          return { route: route.name, abandon, status: abandon ? 0 : -1 };
        } finally {
          clearTimeout(deadline);
        }
      }),
    ),
  );
  // Requests nobody abandoned were all answered, none with a server error.
  const kept = outcomes.filter((o) => !o.abandon);
  expect(kept.filter((o) => o.status <= 0 || o.status >= 500), `status -1: the request failed, or had no answer within ${ANSWER_WITHIN_MS / 1000} s`).toEqual([]);

  let idle = await leftIdleInTransaction();
  for (let i = 0; i < 50 && idle > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    idle = await leftIdleInTransaction();
  }
  expect(idle, "sessions left idle in a transaction").toBe(0);

  for (const route of routes) {
    const started = performance.now();
    const res = await route.send(new AbortController().signal);
    await res.arrayBuffer();
    const ms = performance.now() - started;
    expect(res.status, route.name).toBeLessThan(300);
    expect(ms, `${route.name} answered in ${ms.toFixed(0)} ms`).toBeLessThan(2_000);
  }
});

test("SIGTERM stops the server within seconds even while a request hangs", async () => {
  test.setTimeout(90_000);
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, "../..");
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      QUEUE_PREFIX: `vl_e2e_${process.env.E2E_RUN_ID}`,
      NEXTAUTH_SECRET: "sigterm-test-secret-sigterm-test",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      SHUTDOWN_GRACE_MS: "2000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
  // Whatever the outcome, no server is left behind.
  const cleanup = () => server.exitCode === null && server.signalCode === null && server.kill("SIGKILL");
  process.once("exit", cleanup);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("server did not start")), 60_000);
      server.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready on")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect((await fetch(`http://127.0.0.1:${port}/signin`)).status).toBe(200);

    // A request whose body never finishes arriving: it stays in flight.
    const hanging = net.createConnection({ host: "127.0.0.1", port });
    await new Promise<void>((resolve) => hanging.once("connect", () => resolve()));
    hanging.write(`POST /api/auth/callback/credentials HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nemail=`);
    hanging.on("error", () => undefined);
    await new Promise((r) => setTimeout(r, 300));

    const signalledAt = Date.now();
    server.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<"still running">((r) => setTimeout(() => r("still running"), 15_000))]);
    const tookMs = Date.now() - signalledAt;
    hanging.destroy();
    expect(code).not.toBe("still running");
    expect(tookMs).toBeLessThan(6_000);
  } finally {
    cleanup();
    process.off("exit", cleanup);
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
