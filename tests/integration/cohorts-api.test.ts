import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import * as cohortsRoute from "../../app/api/v1/analytics/cohorts/route.ts";
import { exportCohortsCsv } from "../../lib/analytics/cohorts/export-cohorts-csv.ts";
import { refreshCohorts } from "../../lib/analytics/cohorts/refresh-cohorts.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { createWorkspaceApiKey } from "../../lib/ingest/api-keys/manage-api-keys.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { createSegment } from "../../lib/segments/create-segment.ts";
import { addCustomers, addOrders } from "./analytics-fixtures.ts";

const BASE = "http://localhost:3000";
type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

async function get(path: string, key: string | null) {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await (cohortsRoute.GET as unknown as Handler)(new NextRequest(`${BASE}${path}`, { headers }), { params: Promise.resolve({} as never) });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; error?: { code: string; details?: { path: string; message: string }[] } } };
}

/** A workspace of three customers, hand-counted: A orders 5 Jan and 10 Feb, B 20 Jan, C 3 Feb; refreshed as of 15 March. */
async function tenant(scopes: ("read" | "write")[] = ["read"]) {
  const ws = await db.workspace.create({ data: { slug: `coh-${randomUUID()}`, name: "Cohorts API", currency: "EUR", timezone: "UTC" }, select: { id: true } });
  const ids = await addCustomers(ws.id, ["A", "B", "C"]);
  await addOrders(ws.id, ids, [
    { customer: "A", placedAt: "2026-01-05T10:00:00Z", total: 10 },
    { customer: "A", placedAt: "2026-02-10T10:00:00Z", total: 30 },
    { customer: "B", placedAt: "2026-01-20T10:00:00Z", total: 20 },
    { customer: "C", placedAt: "2026-02-03T10:00:00Z", total: 40 },
  ]);
  await refreshCohorts(ws.id, { asOf: new Date("2026-03-15T12:00:00Z") });
  const { key } = await createWorkspaceApiKey(ws.id, "user-less", { name: "cohorts", scopes });
  return { workspaceId: ws.id, key };
}

afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

describe("GET /api/v1/analytics/cohorts", () => {
  it("answers the matrix a hand count gives: cohort, size, period index, value", async () => {
    const t = await tenant();
    const res = await get("/api/v1/analytics/cohorts?period=month&metric=retention", t.key);
    expect(res.status).toBe(200);
    const cells = (res.body.data!.cells as { cohort: string; cohortSize: number; periodIndex: number; value: number }[]).map((c) => [c.cohort, c.cohortSize, c.periodIndex, c.value]);
    expect(cells).toEqual([
      ["2026-01-01", 2, 0, 1],
      ["2026-01-01", 2, 1, 0.5],
      ["2026-01-01", 2, 2, 0],
      ["2026-02-01", 1, 0, 1],
      ["2026-02-01", 1, 1, 0],
    ]);
    const revenue = await get("/api/v1/analytics/cohorts?metric=cumulative_revenue_per_customer", t.key);
    expect((revenue.body.data!.cells as { value: number }[]).map((c) => c.value)).toEqual([15, 30, 30, 40, 40]);
  });

  it("refuses without a key (401) and with a key lacking the read scope (403)", async () => {
    const t = await tenant(["write"]);
    expect((await get("/api/v1/analytics/cohorts", null)).status).toBe(401);
    expect((await get("/api/v1/analytics/cohorts", t.key)).status).toBe(403);
  });

  it("names the parameter that is wrong (422)", async () => {
    const t = await tenant();
    const cases: [string, string][] = [
      ["period=year", "period"],
      ["metric=ltv", "metric"],
      ["breakdown=city", "breakdown"],
      ["value=email", "value"],
      ["breakdown=channel&value=a%00b", "value"],
      ["segment=abc", "segment"],
      ["cohorts=0", "cohorts"],
      ["period=month&period=week", "period"],
      ["colour=red", ""],
    ];
    for (const [qs, param] of cases) {
      const res = await get(`/api/v1/analytics/cohorts?${qs}`, t.key);
      expect(res.status, qs).toBe(422);
      expect(res.body.error?.code).toBe("VALIDATION");
      if (param) expect(res.body.error?.details?.map((d) => d.path), qs).toContain(param);
      else expect(JSON.stringify(res.body.error), qs).toContain("colour");
    }
  });

  it("another workspace's segment is not found, exactly like a missing one", async () => {
    const t = await tenant();
    const other = await tenant();
    const theirs = await createSegment(other.workspaceId, null, { name: "Theirs", definition: { version: 1, root: { id: "r", type: "group", combinator: "and", children: [] } } });
    const foreign = await get(`/api/v1/analytics/cohorts?segment=${theirs.segment.id}`, t.key);
    const missing = await get("/api/v1/analytics/cohorts?segment=2147483000", t.key);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
  });

  it("a key sees only its own workspace's cohorts", async () => {
    const t = await tenant();
    const empty = await db.workspace.create({ data: { slug: `coh-${randomUUID()}`, name: "Empty" }, select: { id: true } });
    const { key } = await createWorkspaceApiKey(empty.id, "user-less", { name: "empty", scopes: ["read"] });
    const res = await get("/api/v1/analytics/cohorts", key);
    expect(res.status).toBe(200);
    expect(res.body.data!.cells).toEqual([]);
    expect(res.body.data!.asOf).toBeNull();
    expect((await get("/api/v1/analytics/cohorts", t.key)).body.data!.cells).toHaveLength(5);
  });
});

describe("cohort CSV export", () => {
  it("streams one line per cell with the metric's value", async () => {
    const t = await tenant();
    const lines: string[] = [];
    for await (const line of exportCohortsCsv(t.workspaceId, { period: "month", metric: "orders_per_customer", breakdown: "none" })) lines.push(line);
    expect(lines[0]).toBe(
      "cohort_start,breakdown_value,cohort_size,period_index,period_start,metric,value,customers,actual_repeat_purchases_per_customer,expected_repeat_purchases_per_customer\r\n",
    );
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 8).join(","))).toEqual([
      "2026-01-01,,2,0,2026-01-01,orders_per_customer,1,2",
      "2026-01-01,,2,1,2026-02-01,orders_per_customer,0.5,1",
      "2026-01-01,,2,2,2026-03-01,orders_per_customer,0,0",
      "2026-02-01,,1,0,2026-02-01,orders_per_customer,1,1",
      "2026-02-01,,1,1,2026-03-01,orders_per_customer,0,0",
    ]);
  });
});
