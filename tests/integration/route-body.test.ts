import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import * as customersBatchRoute from "../../app/api/v1/customers/batch/route.ts";
import * as customersRoute from "../../app/api/v1/customers/route.ts";
import * as apiKeysRoute from "../../app/api/w/[workspace]/api-keys/route.ts";
import * as previewRoute from "../../app/api/w/[workspace]/imports/[importId]/preview/route.ts";
import * as segmentRoute from "../../app/api/w/[workspace]/segments/[segmentId]/route.ts";
import * as segmentsRoute from "../../app/api/w/[workspace]/segments/route.ts";
import { createApiKey } from "../../lib/auth/api-keys.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { withApiKey } from "../../lib/next/api-key-route.ts";
import { withWorkspace } from "../../lib/next/route-wrappers.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { call, workspaceSnapshot } from "./segment-api-support.ts";

/**
 * Routes hand their body schema to withWorkspace / withApiKey: a body of the
 * wrong shape is refused naming the field before the handler runs, so
 * nothing is written; a body that fits reaches the handler typed.
 */
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

let slug: string;
let workspaceId: number;
let adminId: string;
let apiKey: string;

beforeAll(async () => {
  const ws = await createWorkspace();
  slug = ws.slug;
  workspaceId = ws.id;
  adminId = (await createUser(ws.id, "ADMIN")).id;
  apiKey = (await createApiKey(ws.id, { name: "route body", scopes: ["read", "write"] }, null)).plaintext;
});

afterAll(async () => {
  await closeQueues();
  await pool.end();
});

const EVERYONE = { root: { id: "root", type: "group", op: "AND", children: [] } };

function post(body: unknown, headers: Record<string, string> = {}) {
  return { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers };
}

describe("a route's body schema, applied by its wrapper", () => {
  it("saving a segment whose name is a number or whose kind is unknown: 422 naming the field, no segment and no audit row", async () => {
    session.userId = adminId;
    const before = await workspaceSnapshot(workspaceId);
    const numberName = await call(segmentsRoute.POST, `/api/w/${slug}/segments`, { workspace: slug }, post({ name: 42, definition: EVERYONE }));
    expect(numberName.status).toBe(422);
    expect(numberName.json).toMatchObject({ error: { code: "VALIDATION", details: [{ path: "name" }] } });
    const weekly = await call(segmentsRoute.POST, `/api/w/${slug}/segments`, { workspace: slug }, post({ name: "Weekly", kind: "WEEKLY", definition: EVERYONE }));
    expect(weekly.status).toBe(422);
    expect(weekly.json).toMatchObject({ error: { details: [{ path: "kind" }] } });
    expect(await workspaceSnapshot(workspaceId)).toBe(before);
  });

  it("an API key whose scopes are one word instead of a list: 422 the settings form shows as a named problem, no key created", async () => {
    session.userId = adminId;
    const keysBefore = await db.apiKey.count({ where: { workspaceId } });
    const res = await call(apiKeysRoute.POST, `/api/w/${slug}/api-keys`, { workspace: slug }, post({ name: "Shop", scopes: "read" }));
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: { code: "VALIDATION", message: expect.stringMatching(/^scopes: /), details: { problems: [expect.stringMatching(/^scopes: /)] } } });
    expect(await db.apiKey.count({ where: { workspaceId } })).toBe(keysBefore);
  });

  it("a public-API batch of the wrong shape: 422 naming the array to send, 413 past the item limit, with the key's rate-limit headers; no customer written", async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    const shape = await call(customersBatchRoute.POST, "/api/v1/customers/batch", {}, post({ customers: { external_id: "c1" } }, auth));
    expect(shape.status).toBe(422);
    expect(shape.json).toEqual({ error: { code: "VALIDATION", message: 'Send a JSON object { "customers": [ ... ] }.' } });
    expect(shape.headers.get("ratelimit-limit")).not.toBeNull();
    const tooMany = await call(customersBatchRoute.POST, "/api/v1/customers/batch", {}, post({ customers: Array.from({ length: 1_001 }, (_, i) => ({ external_id: `c${i}` })) }, auth));
    expect(tooMany).toMatchObject({ status: 413, json: { error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("this one has 1001") } } });
    const single = await call(customersRoute.POST, "/api/v1/customers", {}, post([{ external_id: "c1" }], auth));
    expect(single.status).toBe(422);
    expect(await db.customer.count({ where: { workspaceId } })).toBe(0);
  });

  it("never runs the handler for a mismatched body, and hands a matching one over parsed (defaults applied)", async () => {
    session.userId = adminId;
    const received: { workspace: string; limit: number }[] = [];
    const schema = z.strictObject({ limit: z.number().int().min(1).default(10) });
    const route = withWorkspace(
      "segments.write",
      async (_req, access, _params, body) => {
        received.push({ workspace: access.workspace.slug, limit: body.limit });
        return Response.json({ ok: true });
      },
      { body: schema, maxBodyBytes: 1_024 },
    );
    const wrong = await call(route, `/api/w/${slug}/x`, { workspace: slug }, post({ limit: "ten" }));
    expect(wrong).toMatchObject({ status: 422, json: { error: { code: "VALIDATION", details: [{ path: "limit" }] } } });
    const extra = await call(route, `/api/w/${slug}/x`, { workspace: slug }, post({ limit: 3, drop: "table" }));
    expect(extra.status).toBe(422);
    const tooLarge = await call(route, `/api/w/${slug}/x`, { workspace: slug }, post({ limit: 3, pad: "x".repeat(2_000) }));
    expect(tooLarge.status).toBe(413);
    expect(received).toEqual([]);
    expect((await call(route, `/api/w/${slug}/x`, { workspace: slug }, post({}))).status).toBe(200);
    expect(received).toEqual([{ workspace: slug, limit: 10 }]);
  });

  it("checks access before the body: a non-member sending a bad body learns nothing (404), a bad key gets 401", async () => {
    const outsider = await createWorkspace();
    session.userId = (await createUser(outsider.id, "ADMIN")).id;
    const notMember = await call(segmentsRoute.POST, `/api/w/${slug}/segments`, { workspace: slug }, post({ name: 42 }));
    expect(notMember.status).toBe(404);
    // A path id that cannot exist is not found whatever the body holds.
    session.userId = adminId;
    const noSegment = await call(segmentRoute.PATCH, `/api/w/${slug}/segments/abc`, { workspace: slug, segmentId: "abc" }, { ...post({ name: 42 }), method: "PATCH" });
    expect(noSegment).toMatchObject({ status: 404, json: { error: { message: "Segment not found" } } });
    const noImport = await call(previewRoute.POST, `/api/w/${slug}/imports/0/preview`, { workspace: slug, importId: "0" }, post({ mapping: 7 }));
    expect(noImport).toMatchObject({ status: 404, json: { error: { message: "Import not found" } } });
    let ran = false;
    const route = withApiKey(
      "write",
      async () => {
        ran = true;
        return Response.json({ ok: true });
      },
      { body: z.object({ n: z.number() }), maxBodyBytes: 1_024 },
    );
    const badKey = await call(route, "/api/v1/x", {}, post({ n: "one" }, { authorization: "Bearer vl_live_not-a-key" }));
    expect(badKey.status).toBe(401);
    const wrong = await call(route, "/api/v1/x", {}, post({ n: "one" }, { authorization: `Bearer ${apiKey}` }));
    expect(wrong).toMatchObject({ status: 422, json: { error: { details: [{ path: "n" }] } } });
    expect(ran).toBe(false);
  });
});
