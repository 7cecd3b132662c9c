import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { EMAIL_VIEW_CSP, PUBLIC_PAGE_CSP } from "../../lib/next/security-headers.ts";
import { TRACKED_CLICK_URL } from "./route-inventory.ts";
import { closeDb, withDb } from "./support/database.ts";
import { HttpSession } from "./support/http-session.ts";
import { insertSentEmail, linkSignature, signReport, type TrackedMessage } from "./support/tracked-message.ts";
import { worldFor, type World } from "./support/security-world.ts";

/**
 * The links in sent messages and the provider reports, through the
 * production server: each answers under its own script-free policy (not the
 * pages' nonce policy from proxy.ts), a changed link is a 404 and never a
 * redirect, a report must be signed and fresh, and a person can unsubscribe
 * in a real browser with nothing blocked.
 */
let world: World;
let anyone: HttpSession;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await worldFor("tracking", test.info().project.use.baseURL!);
  anyone = new HttpSession(world.baseURL);
});

test.afterAll(closeDb);

function links(message: TrackedMessage, url = TRACKED_CLICK_URL) {
  return {
    pixel: `/t/o/${message.id}/${linkSignature("/t/o/", message.id)}`,
    click: `/t/c/${message.id}/${linkSignature("/t/c/", message.id, url)}?u=${encodeURIComponent(url)}`,
    unsubscribe: `/t/u/${message.id}/${linkSignature("/t/u/", message.id)}`,
    view: `/t/v/${message.id}/${linkSignature("/t/v/", message.id)}`,
  };
}

async function freshMessage(): Promise<TrackedMessage> {
  const a = world.a;
  return withDb(async (c) => {
    const customer = await c.query<{ id: string }>(
      `INSERT INTO customer (workspace_id, external_id, email, first_name, email_consent) VALUES ($1, $2, $3, 'Reader', true) RETURNING id::text`,
      [a.id, `reader-${randomUUID().slice(0, 8)}`, `reader-${randomUUID().slice(0, 8)}@example.com`],
    );
    return insertSentEmail(c, a.id, customer.rows[0]!.id, a.tag);
  });
}

test("each link answers under its own policy, with the static headers and no caching", async () => {
  const l = links(world.a.message);
  const pixel = await anyone.request(l.pixel);
  expect(pixel.status).toBe(200);
  expect(pixel.headers.get("content-type")).toBe("image/gif");
  const click = await anyone.request(l.click);
  expect(click.status).toBe(302);
  expect(click.headers.get("location")).toBe(TRACKED_CLICK_URL);
  const page = await anyone.request(l.unsubscribe);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-security-policy")).toBe(PUBLIC_PAGE_CSP);
  expect(page.body).not.toMatch(/<script/i);
  const view = await anyone.request(l.view);
  expect(view.status).toBe(200);
  expect(view.headers.get("content-security-policy")).toBe(EMAIL_VIEW_CSP);
  expect(view.body).toContain("<p>Hi Probe,");
  for (const res of [pixel, click, page, view]) {
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-robots-tag")).toContain("noindex");
    // The path is a capability: other sites learn only our origin.
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  }
});

test("a changed link is a 404 and never a redirect, whatever was changed", async () => {
  const message = world.a.message;
  const other = world.b.message;
  const l = links(message);
  const tampered = [
    l.click.replace(encodeURIComponent(TRACKED_CLICK_URL), encodeURIComponent("https://evil.example/")),
    l.click.replace(`/t/c/${message.id}/`, `/t/c/${other.id}/`),
    `${l.click}&u=${encodeURIComponent("https://evil.example/")}`,
    `/t/c/${message.id}/${linkSignature("/t/o/", message.id).replace(".gif", "")}?u=${encodeURIComponent(TRACKED_CLICK_URL)}`,
    // Signed by us, yet not http(s): still no redirect.
    links(message, "//evil.example/").click,
    links(message, "javascript:alert(document.domain)").click,
    l.pixel.replace(`/t/o/${message.id}/`, `/t/o/${other.id}/`),
    l.unsubscribe.replace(`/t/u/${message.id}/`, `/t/u/${other.id}/`),
    `/t/v/${message.id}/${linkSignature("/t/u/", message.id)}`,
  ];
  for (const url of tampered) {
    for (const method of ["GET", "HEAD"]) {
      const res = await anyone.request(url, { method });
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.headers.get("location"), url).toBeNull();
    }
  }
  const forged = await anyone.request(l.unsubscribe.replace(`/t/u/${message.id}/`, `/t/u/${other.id}/`), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  });
  expect(forged.status).toBe(404);
  const consent = await withDb((c) => c.query<{ email_consent: boolean }>(`SELECT c.email_consent FROM message m JOIN customer c ON c.id = m.customer_id WHERE m.id = $1`, [other.id]));
  expect(consent.rows[0]!.email_consent).toBe(true);
});

test("a provider report must be signed with the workspace's secret and fresh; a huge one is cut off", async () => {
  const a = world.a;
  const url = `/api/callbacks/email/${a.slug}`;
  const body = JSON.stringify({ type: "delivered", messageId: a.message.providerId });
  const send = (headers: Record<string, string>, payload = body) => anyone.request(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload });
  expect((await send({})).status).toBe(401);
  expect((await send({ "x-valueloop-signature": await signReport(a.slug, body, { unixSeconds: Math.floor(Date.now() / 1000) - 600 }) })).status).toBe(401);
  expect((await send({ "x-valueloop-signature": await signReport(world.b.slug, body) })).status).toBe(401);
  const huge = JSON.stringify({ type: "delivered", messageId: a.message.providerId, reason: "x".repeat(2 * 1024 * 1024) });
  expect((await send({ "x-valueloop-signature": await signReport(a.slug, huge) }, huge)).status).toBe(413);
  const ok = await send({ "x-valueloop-signature": await signReport(a.slug, body) });
  expect(ok.status, ok.body).toBe(200);
  const missing = JSON.stringify({ type: "delivered", messageId: "never-sent" });
  const notFound = await send({ "x-valueloop-signature": await signReport(a.slug, missing) }, missing);
  expect(notFound.status).toBe(404);
  expect(JSON.parse(notFound.body)).toEqual({ error: { code: "NOT_FOUND", message: "This workspace has no such message on this channel." } });
});

test("a reader unsubscribes in the browser, with nothing refused by the page's policy", async ({ page }) => {
  const message = await freshMessage();
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  await page.goto(links(message).unsubscribe);
  await expect(page.getByText(`You will no longer receive email messages from Security ${world.a.tag}`)).toBeVisible();
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("status")).toContainText("You are unsubscribed");
  await expect(page.getByRole("checkbox", { name: "Email" })).not.toBeChecked();
  expect(violations).toEqual([]);
  const consent = await withDb((c) => c.query<{ email_consent: boolean }>(`SELECT c.email_consent FROM message m JOIN customer c ON c.id = m.customer_id WHERE m.id = $1`, [message.id]));
  expect(consent.rows[0]!.email_consent).toBe(false);
});
