// Cohorts at 1M customers: `npx tsx bench/cohorts-load.ts [--seconds 30] [--clients 20] [--skip-refresh] [--port 3350]`.
//
// 1. Refresh: the cohorts.refresh job's work (both period kinds, every
//    breakdown, the forecast) on the seeded bench workspace, beside the
//    yardstick of bench/rfm.ts (one bare GROUP BY over the workspace's
//    orders), measured in the same run; the ratio is printed.
// 2. Load: the production server (scripts/serve.ts, what `npm start` runs;
//    needs `npx next build` first) against the bench database. `--clients`
//    clients in a closed loop for `--seconds` each: signed-in users (the three
//    demo logins) on the Cohorts page, and API-key clients on
//    GET /api/v1/analytics/cohorts. p50/p95/p99 and requests/s; the yardstick
//    is the same load on the account page (session, membership, layout and
//    nothing else), and each p95 is printed as a multiple of it.
import { parseArgs } from "node:util";
import { signIn, startProductionServer } from "./production-server.ts";
import { percentile } from "./support.ts";
import { ensureBenchWorkspace, seconds, timeYardstick } from "./rfm.ts";

const { values } = parseArgs({ options: { seconds: { type: "string" }, clients: { type: "string" }, "skip-refresh": { type: "boolean" }, port: { type: "string" } } });
const SECONDS = Number(values.seconds ?? 30);
const CLIENTS = Number(values.clients ?? 20);
const PORT = Number(values.port ?? process.env.BENCH_PORT ?? 3350);

const bench = await ensureBenchWorkspace();
if (bench.source !== "seed") throw new Error("the cohorts bench needs the seeded bench database (npx tsx bench/seed.ts)");
process.env.DATABASE_URL = bench.databaseUrl;
const { pool } = await import("../lib/db/pool.ts");
const { db } = await import("../lib/db/client.ts");
const { refreshCohorts } = await import("../lib/analytics/cohorts/refresh-cohorts.ts");
const { createApiKey, revokeApiKey } = await import("../lib/auth/api-keys.ts");
const { DEMO_LOGINS } = await import("../lib/demo/demo-logins.ts");
const slug = (await db.workspace.findUniqueOrThrow({ where: { id: bench.workspaceId }, select: { slug: true } })).slug;
console.log(`workspace ${slug}: ${bench.customers.toLocaleString("en-US")} customers, ${bench.orders.toLocaleString("en-US")} orders, ${bench.timezone}`);

// ---------------------------------------------------------------------------
// 1. The aggregates' refresh.
// ---------------------------------------------------------------------------
if (!values["skip-refresh"]) {
  const yard = Math.min(...(await timeYardstick(bench.databaseUrl, bench.workspaceId)));
  console.log(`yardstick GROUP BY over the orders: ${seconds(yard)}`);
  const result = await refreshCohorts(bench.workspaceId, { asOf: bench.asOf });
  if (!result) throw new Error("bench workspace vanished");
  console.log(
    `cohort refresh ${seconds(result.durationMs)} (${result.cells.toLocaleString("en-US")} cells, ${result.cohorts.toLocaleString("en-US")} cohorts, forecast ${result.forecastModel ?? "none"}) = ${(result.durationMs / yard).toFixed(2)}× yardstick`,
  );
} else if (!(await db.cohortRefresh.findUnique({ where: { workspaceId: bench.workspaceId } }))) {
  throw new Error("no cohort aggregates yet: run without --skip-refresh once");
}

// ---------------------------------------------------------------------------
// 2. Page and API under load.
// ---------------------------------------------------------------------------
const { base, stop: stopServer } = await startProductionServer(bench.databaseUrl, PORT);


interface LoadResult {
  label: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

/** `CLIENTS` clients in a closed loop on one URL, each with its own headers (a session cookie or an API key). */
async function load(label: string, url: string, headers: Record<string, string>[]): Promise<LoadResult> {
  const get = async (h: Record<string, string>) => {
    const res = await fetch(`${base}${url}`, { headers: h, redirect: "manual" });
    await res.text();
    return res.status;
  };
  for (const h of headers) if ((await get(h)) !== 200) throw new Error(`${url}: not 200`);
  for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: CLIENTS }, (_, c) => get(headers[c % headers.length]!)));
  const samples: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const h = headers[c % headers.length]!;
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await get(h).catch(() => 0);
        samples.push(performance.now() - t0);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return { label, requests: samples.length, errors, rps: samples.length / elapsed, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

// One key per client, so the per-key rate limit (a product rule, measured elsewhere) does not shape the latency.
const keys = await Promise.all(
  Array.from({ length: CLIENTS }, (_, i) => createApiKey(bench.workspaceId, { name: `cohorts bench ${i}`, scopes: ["read"], rateLimitPerMinute: 10_000 }, null)),
);
try {
  const sessions = (await Promise.all(DEMO_LOGINS.map((l) => signIn(base, l.email, l.password)))).map((cookie) => ({ cookie }));
  const bearer = keys.map((k) => ({ authorization: `Bearer ${k.plaintext}` }));
  console.log(`\n${CLIENTS} clients, ${SECONDS} s each, closed loop`);
  const row = (r: LoadResult) =>
    `${r.label.padEnd(44)} p50 ${r.p50.toFixed(0).padStart(5)} ms  p95 ${r.p95.toFixed(0).padStart(5)} ms  p99 ${r.p99.toFixed(0).padStart(5)} ms  ${r.rps.toFixed(1).padStart(6)} req/s  ${r.requests} requests, ${r.errors} errors`;
  const yard = await load("yardstick: account page", `/w/${slug}/account`, sessions);
  console.log(row(yard));
  const runs: [string, string, Record<string, string>[]][] = [
    ["Cohorts page, months", `/w/${slug}/cohorts`, sessions],
    ["Cohorts page, weeks by channel", `/w/${slug}/cohorts?period=week&breakdown=channel`, sessions],
    ["API cohorts, months", "/api/v1/analytics/cohorts", bearer],
    ["API cohorts, weeks by country, on or after", "/api/v1/analytics/cohorts?period=week&metric=retention_on_or_after&breakdown=country", bearer],
  ];
  for (const [label, url, headers] of runs) {
    const r = await load(label, url, headers);
    console.log(`${row(r)}  p95 = ${(r.p95 / yard.p95).toFixed(2)}× yardstick`);
  }
} finally {
  stopServer();
  for (const k of keys) await revokeApiKey(bench.workspaceId, k.id);
  await db.$disconnect();
  await pool.end();
}
process.exit(0);
