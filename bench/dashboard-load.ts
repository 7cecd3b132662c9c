// Dashboards under load at 1M customers:
// `npx tsx bench/dashboard-load.ts [--seconds 30] [--clients 20] [--skip-runs] [--shapes closed,think] [--pages overview,customers,...]`.
//
// 1. Refresh: an RFM run and a CLV run on the bench workspace (they write the
//    dashboards' run aggregates in their publishing transaction), printing the
//    time spent on the aggregates beside the whole run and the yardstick of
//    bench/rfm.ts (one bare GROUP BY over the workspace's orders).
// 2. Load: the production server (scripts/serve.ts, the `npm start` server;
//    needs `npx next build` first) against the bench database; `--clients`
//    signed-in clients (the three demo users) request one page for `--seconds`;
//    p50/p95/p99, requests/s, errors and the server's CPU per request per page.
//    The yardstick is the same load on the account page, which does what every
//    page does (session, membership, layout) and reads nothing else; each
//    page's p95 and CPU are printed as multiples of it. The segment page reads
//    a dynamic segment of everyone in the largest country (created and filled
//    here when missing); the cohorts API is read with one API key per client.
//    Two shapes, each printed under its own heading:
//    - closed: each client sends its next request as soon as the last one is
//      answered (the shape: a throughput test, bound by server CPU);
//    - think: each user waits 1–3 s (uniformly) between page views, as people
//      reading a dashboard do: what 20 real users see;
//    - fresh: the closed loop with every request a hard reload (Cache-Control:
//      no-cache), so the page cache renders each one (docs/page-cache.md):
//      the cost of a page when the data changed or nobody saw it yet.
//    Each row says what share of its answers came from the page cache.
//    WEB_PROCESSES (default: one per CPU) sets how many server processes run.
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { signIn, startProductionServer } from "./production-server.ts";
import { percentile } from "./support.ts";
import { ensureBenchWorkspace, seconds, timeYardstick, withBenchRun } from "./rfm.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string" },
    clients: { type: "string" },
    "skip-runs": { type: "boolean" },
    port: { type: "string" },
    shapes: { type: "string" },
    pages: { type: "string" },
  },
});
const SECONDS = Number(values.seconds ?? 30);
const CLIENTS = Number(values.clients ?? 20);
const PORT = Number(values.port ?? process.env.BENCH_PORT ?? 3390);
const SHAPES = (values.shapes ?? "closed,think").split(",");
for (const shape of SHAPES) if (shape !== "closed" && shape !== "think" && shape !== "fresh") throw new Error(`--shapes: closed, think and/or fresh, not ${shape}`);
/** Think time between one user's page views in the "think" shape, in ms. */
const THINK_MS = { min: 1_000, max: 3_000 };

const bench = await ensureBenchWorkspace();
if (bench.source !== "seed") throw new Error("the dashboard bench needs the seeded bench database (npx tsx bench/seed.ts)");
process.env.DATABASE_URL = bench.databaseUrl;
const { pool } = await import("../lib/db/pool.ts");
const { db } = await import("../lib/db/client.ts");
const { computeRfm } = await import("../lib/analytics/rfm/compute-rfm.ts");
const { readRfmSettings } = await import("../lib/analytics/rfm/rfm-settings.schema.ts");
const { computeClv } = await import("../lib/analytics/recompute/compute-clv.ts");
const { readAnalyticsSettings } = await import("../lib/analytics/recompute/analytics-settings.schema.ts");
const { DEMO_LOGINS } = await import("../lib/demo/demo-logins.ts");
const { createApiKey, revokeApiKey } = await import("../lib/auth/api-keys.ts");
const slug = (await db.workspace.findUniqueOrThrow({ where: { id: bench.workspaceId }, select: { slug: true } })).slug;
console.log(`workspace ${slug}: ${bench.customers.toLocaleString("en-US")} customers, ${bench.orders.toLocaleString("en-US")} orders, ${bench.timezone}`);

// ---------------------------------------------------------------------------
// 1. Aggregates written at the end of a run.
// ---------------------------------------------------------------------------
if (!values["skip-runs"]) {
  const yard = Math.min(...(await timeYardstick(bench.databaseUrl, bench.workspaceId)));
  console.log(`yardstick GROUP BY over the orders: ${seconds(yard)}`);
  const settings = await db.workspace.findUniqueOrThrow({ where: { id: bench.workspaceId }, select: { settings: true } });
  let t0 = performance.now();
  const rfm = await withBenchRun(pool, bench, "rfm", (runId) =>
    computeRfm({ workspaceId: bench.workspaceId, runId, asOf: bench.asOf, timezone: bench.timezone, settings: readRfmSettings(settings.settings) }),
  );
  const rfmMs = performance.now() - t0;
  console.log(
    `RFM run ${seconds(rfmMs)}; its dashboard aggregate ${seconds(rfm.dashboardAggregateMs)} = ${((rfm.dashboardAggregateMs / rfmMs) * 100).toFixed(1)}% of the run, ${(rfm.dashboardAggregateMs / yard).toFixed(3)}× yardstick`,
  );
  t0 = performance.now();
  const clv = await withBenchRun(pool, bench, "clv", (runId) =>
    computeClv({ workspaceId: bench.workspaceId, runId, asOf: bench.asOf, timezone: bench.timezone, settings: readAnalyticsSettings(settings.settings).clv }),
  );
  const clvMs = performance.now() - t0;
  const clvAgg = clv.dashboardAggregateMs ?? Number.NaN;
  console.log(`CLV run ${seconds(clvMs)}; its dashboard aggregate ${seconds(clvAgg)} = ${((clvAgg / clvMs) * 100).toFixed(1)}% of the run, ${(clvAgg / yard).toFixed(3)}× yardstick`);
}

// ---------------------------------------------------------------------------
// 2. Pages under load.
// ---------------------------------------------------------------------------
const { base, pid: serverPid, stop: stopServer } = await startProductionServer(bench.databaseUrl, PORT);
const sessions = (await Promise.all(DEMO_LOGINS.map((l) => signIn(base, l.email, l.password)))).map((cookie) => ({ cookie }));
// One key per client, so the per-key rate limit (a product rule, measured elsewhere) does not shape the latency.
const keys = await Promise.all(
  Array.from({ length: CLIENTS }, (_, i) => createApiKey(bench.workspaceId, { name: `dashboard bench ${i}`, scopes: ["read"], rateLimitPerMinute: 10_000 }, null)),
);
const bearer = keys.map((k) => ({ authorization: `Bearer ${k.plaintext}` }));

/**
 * CPU time (ms) used so far by the server's processes (its process group, so
 * every cluster worker and the primary), from /proc: per request it does not
 * depend on what else the machine runs, unlike latency on a shared machine.
 */
function serverCpuMs(): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the command: state(0) ppid(1) pgrp(2) … utime(11) stime(12).
      if (Number(fields[2]) !== serverPid) continue;
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / tick;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

interface LoadResult {
  label: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  cpuMsPerRequest: number;
  htmlKb: number;
  /** Share of the measured answers the page cache gave (x-page-cache: hit). */
  cached: number;
}

type Shape = "closed" | "think" | "fresh";

/** `CLIENTS` clients on one URL for `SECONDS`, each with its own headers (a session cookie or an API key). */
async function load(shape: Shape, label: string, url: string, headers: Record<string, string>[]): Promise<LoadResult> {
  let bytes = 0;
  let hits = 0;
  const get = async (h: Record<string, string>) => {
    const res = await fetch(`${base}${url}`, { headers: shape === "fresh" ? { ...h, "cache-control": "no-cache" } : h, redirect: "manual" });
    bytes = (await res.text()).length;
    if (res.headers.get("x-page-cache") === "hit") hits++;
    return res.status;
  };
  for (const h of headers) if ((await get(h)) !== 200) throw new Error(`${url}: not 200 for a signed-in user`);
  for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: CLIENTS }, (_, c) => get(headers[c % headers.length]!)));
  const samples: number[] = [];
  let errors = 0;
  hits = 0;
  const cpuBefore = serverCpuMs();
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const h = headers[c % headers.length]!;
      // Users with think time start spread over one think interval, as people do not all click at once.
      if (shape === "think") await sleep(Math.random() * THINK_MS.max);
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await get(h).catch(() => 0);
        samples.push(performance.now() - t0);
        if (status !== 200) errors++;
        if (shape === "think") await sleep(THINK_MS.min + Math.random() * (THINK_MS.max - THINK_MS.min));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuMsPerRequest = (serverCpuMs() - cpuBefore) / samples.length;
  samples.sort((a, b) => a - b);
  return {
    label,
    requests: samples.length,
    errors,
    rps: samples.length / elapsed,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    cpuMsPerRequest,
    htmlKb: bytes / 1024,
    cached: hits / samples.length,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A dynamic segment of everyone in the workspace's largest country: a big member list for the segment page. */
async function benchSegmentId(): Promise<number> {
  const name = "Bench: everyone in the largest country";
  const existing = await db.segment.findFirst({ where: { workspaceId: bench.workspaceId, name, archivedAt: null }, select: { id: true } });
  if (existing) return existing.id;
  const { def, group, nodeId } = await import("./segment-references.ts");
  const { createSegment } = await import("../lib/segments/create-segment.ts");
  const { refreshSegment } = await import("../lib/segments/refresh-segment.ts");
  const top = await pool.query<{ country: string }>(
    `SELECT country FROM customer WHERE workspace_id = $1 AND country IS NOT NULL GROUP BY country ORDER BY count(*) DESC LIMIT 1`,
    [bench.workspaceId],
  );
  const country = top.rows[0]?.country;
  if (!country) throw new Error("the bench workspace has no customer with a country");
  const definition = def(group("and", [{ id: nodeId(), type: "attribute", field: "country", match: { op: "equals", value: country } }]));
  const { segment } = await createSegment(bench.workspaceId, null, { name, kind: "DYNAMIC", definition });
  const t0 = performance.now();
  const filled = await refreshSegment(bench.workspaceId, segment.id);
  console.log(`segment "${name}" (${country}): filled with ${filled.entered.toLocaleString("en-US")} members in ${seconds(performance.now() - t0)}`);
  return segment.id;
}

const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(", ");

try {
  const segmentId = await benchSegmentId();
  const pages: [key: string, label: string, url: string, headers: Record<string, string>[]][] = [
    ["overview", "overview, last 30 days", `/w/${slug}`, sessions],
    ["overview-365", "overview, last 365 days", `/w/${slug}?period=365`, sessions],
    ["customers", "customers", `/w/${slug}/customers`, sessions],
    ["customers-clv", "customers, by predicted CLV", `/w/${slug}/customers?sort=clv`, sessions],
    ["ltv", "LTV & Churn", `/w/${slug}/ltv`, sessions],
    ["rfm", "RFM", `/w/${slug}/rfm`, sessions],
    ["cohorts", "cohorts, months", `/w/${slug}/cohorts`, sessions],
    ["cohorts-api", "cohorts API (API key), months", "/api/v1/analytics/cohorts", bearer],
    ["segment", "segment page", `/w/${slug}/segments/${segmentId}`, sessions],
    ["value-drivers", "value drivers", `/w/${slug}/value-drivers`, sessions],
    ["products", "products", `/w/${slug}/products`, sessions],
    ["programme", "programme, last 30 days", `/w/${slug}/campaigns/programme`, sessions],
  ];
  const chosen = values.pages ? values.pages.split(",") : null;
  const processes = process.env.WEB_PROCESSES || String(availableParallelism());
  const row = (r: LoadResult) =>
    `${r.label.padEnd(30)} p50 ${r.p50.toFixed(0).padStart(5)} ms  p95 ${r.p95.toFixed(0).padStart(5)} ms  p99 ${r.p99.toFixed(0).padStart(5)} ms  ${r.rps.toFixed(1).padStart(6)} req/s  server CPU ${r.cpuMsPerRequest.toFixed(1).padStart(5)} ms/request  ${r.htmlKb.toFixed(0).padStart(4)} kB  ${(r.cached * 100).toFixed(0).padStart(3)}% cached  ${r.requests} requests, ${r.errors} errors`;
  // Every page is served a few times before anything is measured, so the yardstick, measured first, does not pay
  // for the server's JIT warming up on code every page shares (it did: 15 ms of CPU cold against 10 ms warm).
  const warmPages: [string, Record<string, string>[]][] = [[`/w/${slug}/account`, sessions], ...pages.map(([, , url, headers]) => [url, headers] as [string, Record<string, string>[]])];
  for (let round = 0; round < 5; round++) {
    for (const [url, headers] of warmPages) {
      await Promise.all(headers.map((h) => fetch(`${base}${url}`, { headers: h, redirect: "manual" }).then((r) => r.text())));
    }
  }
  for (const shape of SHAPES as Shape[]) {
    const heading =
      shape === "closed"
        ? `${CLIENTS} signed-in clients, CLOSED LOOP (no think time), ${SECONDS} s per page`
        : shape === "fresh"
          ? `${CLIENTS} signed-in clients, CLOSED LOOP, EVERY REQUEST A HARD RELOAD (rendered, not from the page cache), ${SECONDS} s per page`
          : `${CLIENTS} signed-in users WITH THINK TIME (${THINK_MS.min / 1000}–${THINK_MS.max / 1000} s between page views), ${SECONDS} s per page`;
    console.log(`\n${heading}; ${processes} server process(es) on ${availableParallelism()} CPUs; load average ${loadAverage()}`);
    const yard = await load(shape, "yardstick: account page", `/w/${slug}/account`, sessions);
    console.log(row(yard));
    for (const [key, label, url, headers] of pages) {
      if (chosen && !chosen.includes(key)) continue;
      const r = await load(shape, label, url, headers);
      console.log(`${row(r)}  p95 = ${(r.p95 / yard.p95).toFixed(2)}×, CPU = ${(r.cpuMsPerRequest / yard.cpuMsPerRequest).toFixed(2)}× yardstick`);
    }
    console.log(`load average after the ${shape} shape: ${loadAverage()}`);
  }
} finally {
  stopServer();
  for (const k of keys) await revokeApiKey(bench.workspaceId, k.id);
  await db.$disconnect();
  await pool.end();
}
process.exit(0);
