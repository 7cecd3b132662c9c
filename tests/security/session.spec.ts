import { expect, test } from "@playwright/test";
import { seedWorkspace, type SeededWorkspace } from "../e2e/support/seed.ts";
import { HttpSession, signIn } from "./support/http-session.ts";

/**
 * A session ends when the user signs out: a copy of the cookie taken before
 * (from a shared computer, a proxy log) no longer opens anything. And the
 * sign-in page never sends a user to another site.
 */
let ws: SeededWorkspace;

test.beforeAll(async () => {
  ws = await seedWorkspace({ customers: 1 });
});

async function signOut(session: HttpSession): Promise<void> {
  const csrf = JSON.parse((await session.request("/api/auth/csrf")).body) as { csrfToken: string };
  const res = await session.request("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: "true" }).toString(),
  });
  expect([200, 302]).toContain(res.status);
}

test("a cookie copied before sign-out opens nothing afterwards, on the API and on pages", async ({ baseURL }) => {
  const session = await signIn(baseURL!, ws.users.MARKETER, ws.password);
  const copied = session.cookieHeader();
  const asCopy = (path: string) => fetch(new URL(path, baseURL), { headers: { cookie: copied }, redirect: "manual" });
  expect((await asCopy(`/api/w/${ws.slug}/segments`)).status).toBe(200);
  expect((await asCopy(`/w/${ws.slug}/customers`)).status).toBe(200);

  await signOut(session);

  expect((await asCopy(`/api/w/${ws.slug}/segments`)).status).toBe(401);
  const page = await asCopy(`/w/${ws.slug}/customers`);
  expect(page.status).toBeGreaterThanOrEqual(300);
  expect(page.status).toBeLessThan(400);
  expect(page.headers.get("location")).toContain("/signin");

  // Signing in again works as usual.
  const again = await signIn(baseURL!, ws.users.MARKETER, ws.password);
  expect((await again.request(`/api/w/${ws.slug}/segments`)).status).toBe(200);
});

const HOSTILE_CALLBACKS = ["/%5Cevil.example/x", "/\\evil.example", "//evil.example", "/%09/evil.example", "https://evil.example/", "/%2F%2Fevil.example", "javascript:alert(1)"];

test("the sign-in page sends a signed-in user only to paths of this site", async ({ baseURL }) => {
  const session = await signIn(baseURL!, ws.users.ANALYST, ws.password);
  for (const callback of HOSTILE_CALLBACKS) {
    const res = await session.request(`/signin?callbackUrl=${callback}`);
    expect(res.status, callback).toBeGreaterThanOrEqual(300);
    const location = res.headers.get("location") ?? "";
    // Whatever the browser makes of it, it resolves to this site.
    expect(new URL(location, baseURL).origin, `${callback} -> ${location}`).toBe(new URL(baseURL!).origin);
    expect(location, callback).not.toMatch(/[\t\\]|evil/);
  }
  const kept = await session.request(`/signin?callbackUrl=${encodeURIComponent(`/w/${ws.slug}/segments?x=1`)}`);
  expect(kept.headers.get("location")).toContain(`/w/${ws.slug}/segments?x=1`);
});

test("sign-in answers point back to this site whatever callbackUrl is posted", async ({ baseURL }) => {
  for (const callback of HOSTILE_CALLBACKS.map(decodeURIComponent)) {
    const session = new HttpSession(baseURL!);
    const { csrfToken } = JSON.parse((await session.request("/api/auth/csrf")).body) as { csrfToken: string };
    const res = await session.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: ws.users.ADMIN, password: ws.password, json: "true", callbackUrl: callback }).toString(),
    });
    const url = res.status === 200 ? (JSON.parse(res.body) as { url: string }).url : (res.headers.get("location") ?? "");
    expect(new URL(url, baseURL).origin, `${callback} -> ${url}`).toBe(new URL(baseURL!).origin);
    expect(url, callback).not.toMatch(/[\t\\]|evil/);
  }
});
