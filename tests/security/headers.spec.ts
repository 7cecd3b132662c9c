import { expect, test } from "@playwright/test";

/**
 * Every answer carries the security headers; pages carry a Content-Security-
 * Policy whose script nonce is fresh per request and is the one on every
 * script the page includes, so an injected script without it never runs.
 */
function nonceOf(csp: string): string {
  const match = /'nonce-([^']+)'/.exec(csp);
  if (!match) throw new Error(`no nonce in CSP: ${csp}`);
  return match[1]!;
}

test("pages carry a nonce-based CSP that matches every script tag, fresh per request", async ({ request }) => {
  const first = await request.get("/signin");
  const second = await request.get("/signin");
  expect(first.status()).toBe(200);
  const csp = first.headers()["content-security-policy"]!;
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).not.toContain("'unsafe-inline' 'nonce"); // scripts: nonce only
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  const nonce = nonceOf(csp);
  expect(nonce).not.toBe(nonceOf(second.headers()["content-security-policy"]!));

  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
});

test("pages, API answers and static files carry the static security headers; no HSTS over plain HTTP", async ({ request }) => {
  const page = await request.get("/signin");
  const html = await page.text();
  const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
  expect(asset).toBeTruthy();
  const answers = [page, await request.get("/api/v1/openapi.json"), await request.get(asset!), await request.get("/api/w/nowhere/segments")];
  for (const res of answers) {
    const h = res.headers();
    expect(h["x-content-type-options"], res.url()).toBe("nosniff");
    expect(h["referrer-policy"], res.url()).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"], res.url()).toBe("DENY");
    expect(h["strict-transport-security"], res.url()).toBeUndefined();
    expect(h["x-powered-by"], res.url()).toBeUndefined();
  }
});

test("a signed-in page renders and runs under the policy (the browser reports no violation)", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  await page.goto("/signin");
  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  // The form is a client component: its error message appearing proves the page's scripts ran.
  await expect(page.getByRole("alert").filter({ hasText: "Sign-in failed" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("the icons every page names are served, with the static security headers", async ({ request }) => {
  const page = await (await request.get("/signin")).text();
  for (const [path, type] of [
    ["/favicon.ico", "image/x-icon"],
    ["/icon.svg", "image/svg+xml"],
    ["/apple-touch-icon.png", "image/png"],
    ["/site.webmanifest", "application/manifest+json"],
  ] as const) {
    expect(page, `the page links ${path}`).toContain(`href="${path}`);
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toContain(type);
    expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
  }
});
