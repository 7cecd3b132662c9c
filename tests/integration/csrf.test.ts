import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import * as listRoute from "../../app/api/w/[workspace]/segments/route.ts";
import * as recomputeRoute from "../../app/api/w/[workspace]/analytics/recompute/route.ts";
import { NESTED_DEFINITION, call } from "./segment-api-support.ts";

/**
 * A page on another origin must not be able to act as the signed-in user:
 * a hidden form posting text/plain "JSON" to our routes (which the cookie
 * accompanies) is refused, and nothing is created.
 */
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

let slug: string;
let workspaceId: number;

beforeAll(async () => {
  const ws = await createWorkspace();
  slug = ws.slug;
  workspaceId = ws.id;
  session.userId = (await createUser(ws.id, "ADMIN")).id;
});

afterAll(async () => {
  await closeQueues();
  await pool.end();
});

const SEGMENT = JSON.stringify({ name: "Made elsewhere", kind: "STATIC", definition: NESTED_DEFINITION });

async function segmentCount(): Promise<number> {
  const res = await pool.query<{ n: string }>("SELECT count(*) AS n FROM segment WHERE workspace_id = $1", [workspaceId]);
  return Number(res.rows[0]!.n);
}

/** A request exactly as given: no origin added. */
async function bare(body: string, headers: Record<string, string>) {
  const req = new NextRequest(`http://valueloop.test/api/w/${slug}/segments`, { method: "POST", body, headers });
  const res = await listRoute.POST(req, { params: Promise.resolve({ workspace: slug }) });
  return { status: res.status, text: await res.text() };
}

function createSegment(headers: Record<string, string>, body = SEGMENT) {
  return call(listRoute.POST, `/api/w/${slug}/segments`, { workspace: slug }, { method: "POST", body, headers });
}

describe("cookie-authenticated changes from another origin", () => {
  it("refuses a cross-site text/plain form post, creating nothing", async () => {
    const res = await createSegment({ origin: "https://evil.example", "content-type": "text/plain" });
    expect(res.status).toBe(403);
    expect(res.text).toContain("Cross-site request refused");
    expect(await segmentCount()).toBe(0);
  });

  it("refuses a cross-site JSON post and a sibling subdomain", async () => {
    expect((await createSegment({ origin: "https://evil.example" })).status).toBe(403);
    expect((await createSegment({ origin: "http://app.valueloop.test" })).status).toBe(403);
    expect((await createSegment({ origin: "null" })).status).toBe(403);
    expect(await segmentCount()).toBe(0);
  });

  it("refuses a change that names no origin at all, and one the browser marks cross-site", async () => {
    expect((await bare(SEGMENT, { "content-type": "application/json" })).status).toBe(403);
    expect((await bare(SEGMENT, { "content-type": "application/json", "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await bare(SEGMENT, { "content-type": "application/json", "sec-fetch-site": "same-site" })).status).toBe(403);
    expect(await segmentCount()).toBe(0);
  });

  it("refuses a same-origin body that is not JSON (415), creating nothing", async () => {
    const res = await createSegment({ "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(res.text).toContain("application/json");
    const form = await createSegment({ "content-type": "application/x-www-form-urlencoded" }, "name=x");
    expect(form.status).toBe(415);
    expect(await segmentCount()).toBe(0);
  });

  it("accepts the app's own requests: same origin with JSON, or fetch metadata saying same-origin", async () => {
    const own = await createSegment({});
    expect(own.status).toBe(201);
    const viaFetchMetadata = await bare(JSON.stringify({ name: "Second", kind: "STATIC", definition: NESTED_DEFINITION }), {
      "content-type": "application/json",
      "sec-fetch-site": "same-origin",
    });
    expect(viaFetchMetadata.status).toBe(201);
    const emptyPost = await call(recomputeRoute.POST, `/api/w/${slug}/analytics/recompute`, { workspace: slug }, { method: "POST" });
    expect(emptyPost.status).not.toBe(403);
    expect(await segmentCount()).toBe(2);
  });

  it("reads stay open to plain GETs (links, reloads)", async () => {
    const res = await call(listRoute.GET, `/api/w/${slug}/segments`, { workspace: slug });
    expect(res.status).toBe(200);
  });
});
