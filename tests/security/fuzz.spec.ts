import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { pathParams, probeableEntries, type RouteEntry } from "./route-inventory.ts";
import { closeDb, withDb } from "./support/database.ts";
import { hostileBody, hostileBodyText, hostileId } from "./support/hostile-values.ts";
import { HttpSession } from "./support/http-session.ts";
import { probe, targetsOf, validBody, type Answer, type ProbeOptions, type Targets } from "./support/probe.ts";
import { pidListeningOn, rssBytes } from "./support/server-memory.ts";
import { worldFor, type Tenant, type World } from "./support/security-world.ts";
import { quietSnapshot, snapshotDiff, workspaceSnapshot, type Snapshot } from "./support/workspace-snapshot.ts";

/**
 * Bounded fuzz of every JSON body, query parameter and path id in the route
 * inventory, as workspace A's admin (and A's API key): no answer is a 5xx or
 * takes 2 s or more, a refused request (4xx) writes nothing, and the server's
 * memory stays within MEMORY_HEADROOM of what it used at the start.
 * FUZZ_SEED reproduces a run; FUZZ_SCALE multiplies the number of cases.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const MAX_MS = 2_000;
const MEMORY_HEADROOM = 300 * 1024 * 1024;
const RUNS = { body: 60, query: 25, pathId: 25, pageFactor: 0.5 };

let world: World;
let serverPid: number;
let baselineRss: number;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const baseURL = test.info().project.use.baseURL!;
  world = await worldFor("fuzz", baseURL);
  serverPid = pidListeningOn(Number(new URL(baseURL).port));
  // The first reading of the run is the baseline, kept across worker restarts.
  const file = path.join(tmpdir(), `valueloop-security-${process.env.E2E_RUN_ID ?? "local"}-fuzz-rss-${serverPid}`);
  if (!existsSync(file)) writeFileSync(file, String(rssBytes(serverPid)));
  baselineRss = Number(readFileSync(file, "utf8"));
});

test.afterAll(closeDb);

interface Target {
  entry: RouteEntry;
  where: "body" | "query" | "path";
  name: string;
}

function targets(): Target[] {
  const list: Target[] = [];
  const entries = probeableEntries().filter((e) => e.access.door !== "public" || e.query);
  for (const entry of entries) {
    if (entry.body && entry.body !== "csvUpload" && entry.body !== "suppressionCsv") list.push({ entry, where: "body", name: entry.body });
    for (const name of Object.keys(entry.query ?? {})) list.push({ entry, where: "query", name });
    for (const name of pathParams(entry.path).filter((p) => p !== "workspace" && p !== "nextauth")) list.push({ entry, where: "path", name });
  }
  return list;
}

function runsFor(t: Target): number {
  const base = t.where === "body" ? RUNS.body : t.where === "query" ? RUNS.query : RUNS.pathId;
  return Math.max(5, Math.round(base * SCALE * (t.entry.kind === "page" ? RUNS.pageFactor : 1)));
}

function label(t: Target): string {
  const door = t.entry.kind === "action" ? `action ${t.entry.name} on ${t.entry.path}` : `${t.entry.method} ${t.entry.path}`;
  return `${door} – ${t.where} ${t.name}`;
}

/** A template body whose hostile variants can never start background work (an import mapping no file has). */
function fuzzTemplate(t: Target, targets: Targets): unknown {
  if (t.name === "importMapping") return { mapping: { external_id: "no-such-column" }, attributeColumns: [], decimalSeparator: "." };
  return validBody(t.entry.body!, targets);
}

function request(t: Target, tenant: Tenant, value: string): Promise<Answer> {
  const base = targetsOf(tenant);
  const options: ProbeOptions = { targets: base, apiKey: t.entry.access.door === "withApiKey" ? tenant.apiKey : undefined };
  if (t.where === "path") options.params = { [t.name]: value };
  else if (t.where === "query") options.query = { ...Object.fromEntries(Object.keys(t.entry.query ?? {}).map((k) => [k, ""])), [t.name]: value };
  else options.rawBody = t.entry.kind === "action" ? `[${JSON.stringify(tenant.slug)},${value}]` : value;
  const session = t.entry.access.door === "withApiKey" ? new HttpSession(world.baseURL) : tenant.sessions.ADMIN;
  return probe(session, t.entry, options);
}

test.describe.configure({ timeout: 120_000 });

for (const [index, t] of targets().entries()) {
  test(label(t), async () => {
    const tenant = world.a;
    const seed = SEED + index;
    const template = t.where === "body" ? fuzzTemplate(t, targetsOf(tenant)) : null;
    // A server action's arguments are always JSON (React encodes them); any JSON value may arrive as the input.
    const arbitrary =
      t.where !== "body" ? hostileId : t.entry.kind === "action" ? hostileBody(template).map((v) => JSON.stringify(v) ?? "null") : hostileBodyText(template);
    let before: Snapshot = await withDb((c) => quietSnapshot(c, tenant.id));
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const answer = await request(t, tenant, value);
        const shown = `${JSON.stringify(value.slice(0, 300))}${value.length > 300 ? ` (${value.length} chars)` : ""} → ${answer.status} in ${Math.round(answer.ms)} ms: ${(answer.action ? JSON.stringify(answer.action) : answer.body).slice(0, 300)}`;
        let after = await withDb((c) => workspaceSnapshot(c, tenant.id));
        if (answer.status >= 500) failures.push(`server error: ${shown}`);
        if (answer.ms >= MAX_MS) failures.push(`slower than ${MAX_MS} ms: ${shown}`);
        if (answer.status >= 400 && answer.status < 500) {
          const diff = snapshotDiff(before, after);
          if (diff.length > 0) failures.push(`refused but wrote: ${shown}; ${diff.join("; ")}`);
        } else if (t.entry.method !== "GET" && answer.status < 300) {
          // An accepted change may queue work (a refresh, an import): let it finish before the next comparison.
          after = await withDb((c) => quietSnapshot(c, tenant.id));
        }
        before = after;
        return failures.length === 0;
      }),
      { seed, numRuns: runsFor(t), endOnFailure: true },
    ).catch((err: unknown) => {
      throw new Error(`${label(t)} (FUZZ_SEED=${SEED}, case seed ${seed}):\n${failures.join("\n")}\n${String(err).split("\n").slice(0, 4).join("\n")}`);
    });
    const rss = rssBytes(serverPid);
    expect(rss, `server RSS ${Math.round(rss / 2 ** 20)} MB after ${label(t)}; started at ${Math.round(baselineRss / 2 ** 20)} MB`).toBeLessThan(baselineRss + MEMORY_HEADROOM);
  });
}
