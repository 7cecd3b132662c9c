import { expect, test } from "@playwright/test";
import { seedWorkspace, type SeededWorkspace } from "../e2e/support/seed.ts";
import { withDb } from "./support/database.ts";
import { signIn, type HttpSession } from "./support/http-session.ts";

/**
 * A page on another site, visited by a signed-in admin, posts hidden forms to
 * our routes (the browser attaches the session cookie). None of them may act:
 * no API key, no segment, no recompute. The app's own requests still work.
 */
let ws: SeededWorkspace;
let admin: HttpSession;

test.beforeAll(async ({ baseURL }) => {
  ws = await seedWorkspace({ customers: 2 });
  admin = await signIn(baseURL!, ws.users.ADMIN, ws.password);
});

async function counts(): Promise<{ keys: number; segments: number }> {
  return withDb(async (c) => {
    const res = await c.query<{ keys: string; segments: string }>(
      `SELECT (SELECT count(*) FROM api_key k JOIN workspace w ON w.id = k.workspace_id WHERE w.slug = $1) AS keys,
              (SELECT count(*) FROM segment s JOIN workspace w ON w.id = s.workspace_id WHERE w.slug = $1) AS segments`,
      [ws.slug],
    );
    return { keys: Number(res.rows[0]!.keys), segments: Number(res.rows[0]!.segments) };
  });
}

const SEGMENT = {
  name: "From elsewhere",
  kind: "STATIC",
  definition: { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "us", type: "attribute", field: "country", match: { op: "in", values: ["US"] } }] } },
};

test("a cross-site text/plain form post creates neither an API key nor a segment", async () => {
  const before = await counts();
  // What <form enctype="text/plain" method="post"> on evil.example sends: a body that happens to parse as JSON.
  const forged = (path: string, body: unknown) =>
    admin.request(path, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      body: JSON.stringify(body),
    });
  const key = await forged(`/api/w/${ws.slug}/api-keys`, { name: "stolen", scopes: ["read", "write"] });
  const segment = await forged(`/api/w/${ws.slug}/segments`, SEGMENT);
  expect(key.status).toBe(403);
  expect(segment.status).toBe(403);
  expect(JSON.parse(segment.body).error.message).toContain("Cross-site request refused");
  expect(await counts()).toEqual(before);
});

test("cross-site JSON, a null origin and an origin-less change are refused; no action runs", async ({ baseURL }) => {
  const before = await counts();
  // Sent exactly as given (no origin added), with the admin's cookie.
  const send = (path: string, headers: Record<string, string>, body?: string) =>
    fetch(new URL(path, baseURL), { method: "POST", headers: { cookie: admin.cookieHeader(), ...headers }, body, redirect: "manual" });
  const attempts: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, {}, { "sec-fetch-site": "cross-site" }];
  for (const headers of attempts) {
    const segment = await send(`/api/w/${ws.slug}/segments`, { ...headers, "content-type": "application/json" }, JSON.stringify(SEGMENT));
    expect(segment.status, JSON.stringify(headers)).toBe(403);
    const recompute = await send(`/api/w/${ws.slug}/analytics/recompute`, headers);
    expect(recompute.status, JSON.stringify(headers)).toBe(403);
  }
  expect(await counts()).toEqual(before);
});

test("the app's own same-origin JSON requests work, and a same-origin non-JSON body is a 415", async ({ baseURL }) => {
  const own = { origin: baseURL! };
  const wrongType = await admin.request(`/api/w/${ws.slug}/segments`, { method: "POST", headers: { ...own, "content-type": "text/plain" }, body: JSON.stringify(SEGMENT) });
  expect(wrongType.status).toBe(415);
  const created = await admin.json(`/api/w/${ws.slug}/segments`, "POST", SEGMENT, own);
  expect(created.status, created.body).toBe(201);
});
