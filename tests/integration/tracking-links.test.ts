import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { NextRequest } from "next/server";
import { MAX_EVENTS_PER_KIND } from "../../lib/campaigns/tracking/record-engagement.ts";
import { messageLinks, signLink } from "../../lib/campaigns/tracking/sign-link.ts";
import { pool } from "../../lib/db/pool.ts";
import { EMAIL_VIEW_CSP } from "../../lib/next/security-headers.ts";
import * as clickRoute from "../../app/t/c/[messageId]/[signature]/route.ts";
import * as openRoute from "../../app/t/o/[messageId]/[signature]/route.ts";
import * as viewRoute from "../../app/t/v/[messageId]/[signature]/route.ts";
import { createWorkspace } from "../support/factories.ts";
import { createSentMessage, messageEvents, type SentMessage } from "../support/tracking-fixtures.ts";

afterAll(async () => {
  await pool.end();
});

type Params = { messageId: string; signature: string };
type Handler = (req: NextRequest, ctx: { params: Promise<Params> }) => Promise<Response>;

const IPHONE_MAIL = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
const READER = { "user-agent": IPHONE_MAIL, "accept-language": "en-GB,en;q=0.9", "x-valueloop-peer": "81.2.69.160" };

/** Requests a link the way a mail client or browser would: the URL as it stands in the message. */
async function follow(handler: Handler, url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const req = new NextRequest(url, { method: init.method ?? "GET", headers: init.headers ?? READER });
  const [, , , messageId = "", signature = ""] = req.nextUrl.pathname.split("/").map(decodeURIComponent);
  return handler(req, { params: Promise.resolve({ messageId, signature }) });
}

let workspaceId: number;
let sent: SentMessage;
let other: SentMessage;

beforeAll(async () => {
  workspaceId = (await createWorkspace({ name: "Acme Shop" })).id;
  sent = await createSentMessage(workspaceId);
  other = await createSentMessage(workspaceId);
});

async function expectInvalid(res: Response) {
  expect(res.status).toBe(404);
  expect(res.headers.get("location")).toBeNull();
  expect(res.headers.get("cache-control")).toContain("no-store");
  expect(await res.text()).toContain("This link is not valid");
}

describe("the open pixel", () => {
  it("answers a 43-byte transparent GIF that is never cached, and records a reader's open", async () => {
    const message = await createSentMessage(workspaceId);
    const res = await follow(openRoute.GET, messageLinks(message.messageId).openPixel);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/gif");
    expect(res.headers.get("cache-control")).toBe("no-store, private");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes).toHaveLength(43);
    expect(bytes.subarray(0, 6).toString("latin1")).toBe("GIF89a");
    expect(await messageEvents(message.messageId)).toEqual([{ kind: "opened", at: expect.any(Date), detail: { machine: false } }]);
  });

  it("flags Apple's privacy proxy, a prefetch right after the send and a HEAD as machine opens; Gmail's proxy is a reader", async () => {
    const message = await createSentMessage(workspaceId);
    const pixel = messageLinks(message.messageId).openPixel;
    await follow(openRoute.GET, pixel, { headers: { "user-agent": "Mozilla/5.0", "x-valueloop-peer": "17.58.63.200" } });
    await follow(openRoute.GET, pixel, { headers: { ...READER, "x-valueloop-peer": "17.58.63.201", "accept-language": "" } });
    await follow(openRoute.GET, pixel, { method: "HEAD" });
    await follow(openRoute.GET, pixel, { headers: { "user-agent": "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)" } });
    expect((await messageEvents(message.messageId)).map((e) => e.detail)).toEqual([
      { machine: true, rule: "apple_privacy_proxy" },
      { machine: true, rule: "apple_privacy_proxy" },
      { machine: true, rule: "head_request" },
      { machine: false, via: "google_image_proxy" },
    ]);

    const justSent = await createSentMessage(workspaceId, { sentAt: new Date() });
    await follow(openRoute.GET, messageLinks(justSent.messageId).openPixel);
    expect((await messageEvents(justSent.messageId)).map((e) => e.detail)).toEqual([{ machine: true, rule: "too_soon_after_send" }]);
  });

  it(`keeps at most ${MAX_EVENTS_PER_KIND} opens of one message, and still answers the image`, async () => {
    const message = await createSentMessage(workspaceId);
    const pixel = messageLinks(message.messageId).openPixel;
    for (let i = 0; i < MAX_EVENTS_PER_KIND + 5; i++) expect((await follow(openRoute.GET, pixel)).status).toBe(200);
    expect(await messageEvents(message.messageId)).toHaveLength(MAX_EVENTS_PER_KIND);
  });

  it("is a 404 for a changed id, a changed signature or another kind's signature, and records nothing", async () => {
    const good = messageLinks(sent.messageId).openPixel;
    const sig = signLink("open", sent.messageId);
    const flipped = `${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`;
    const base = "https://app.valueloop.test/t/o";
    for (const url of [
      good.replace(`/t/o/${sent.messageId}/`, `/t/o/${other.messageId}/`),
      `${base}/${sent.messageId}/${flipped}.gif`,
      `${base}/${sent.messageId}/${signLink("click", sent.messageId)}.gif`,
      `${base}/${sent.messageId}/${signLink("unsubscribe", sent.messageId)}.gif`,
      `${base}/${sent.messageId}/${sig}`,
      `${base}/${sent.messageId}/${sig}.png`,
      `${base}/0${sent.messageId}/${sig}.gif`,
    ]) {
      await expectInvalid(await follow(openRoute.GET, url));
    }
    expect(await messageEvents(sent.messageId)).toEqual([]);
    expect(await messageEvents(other.messageId)).toEqual([]);
  });
});

describe("the click redirect", () => {
  it("sends the reader to the signed URL and records the click with it", async () => {
    const message = await createSentMessage(workspaceId);
    const url = "https://shop.example/new?a=1&b=2#top";
    const res = await follow(clickRoute.GET, messageLinks(message.messageId).click(url));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(url);
    expect(res.headers.get("cache-control")).toBe("no-store, private");
    expect((await messageEvents(message.messageId)).map((e) => [e.kind, e.detail])).toEqual([["clicked", { url, machine: false }]]);
  });

  it("flags a HEAD, a scanner and a click within a second of the send as machine clicks, and still redirects them", async () => {
    const message = await createSentMessage(workspaceId);
    const link = messageLinks(message.messageId).click("https://shop.example/");
    expect((await follow(clickRoute.GET, link, { method: "HEAD" })).status).toBe(302);
    expect((await follow(clickRoute.GET, link, { headers: { "user-agent": "Mozilla/5.0 (compatible; Barracuda Sentinel)" } })).status).toBe(302);
    const justSent = await createSentMessage(workspaceId, { sentAt: new Date() });
    expect((await follow(clickRoute.GET, messageLinks(justSent.messageId).click("https://shop.example/"))).status).toBe(302);
    expect((await messageEvents(message.messageId)).map((e) => e.detail.rule)).toEqual(["head_request", "security_scanner"]);
    expect((await messageEvents(justSent.messageId)).map((e) => e.detail.rule)).toEqual(["too_soon_after_send"]);
  });

  it("is a 404, never a redirect, when the URL, the id or the signature was changed", async () => {
    const url = "https://shop.example/new";
    const link = messageLinks(sent.messageId).click(url);
    const sig = signLink("click", sent.messageId, url);
    const base = `https://app.valueloop.test/t/c/${sent.messageId}`;
    for (const tampered of [
      link.replace(encodeURIComponent(url), encodeURIComponent("https://evil.example/new")),
      link.replace(encodeURIComponent(url), encodeURIComponent(`${url}/`)),
      `${link}&u=${encodeURIComponent("https://evil.example/")}`,
      `${base}/${sig}`,
      `${base}/${sig}?u=`,
      link.replace(`/t/c/${sent.messageId}/`, `/t/c/${other.messageId}/`),
      `${base}/${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}?u=${encodeURIComponent(url)}`,
      `${base}/${signLink("open", sent.messageId)}?u=${encodeURIComponent(url)}`,
      `${base}/${signLink("click", sent.messageId)}?u=${encodeURIComponent(url)}`,
    ]) {
      await expectInvalid(await follow(clickRoute.GET, tampered));
    }
    expect(await messageEvents(sent.messageId)).toEqual([]);
  });

  it("never redirects off http(s), even to a URL carrying a valid signature", async () => {
    for (const url of ["//evil.example/", "javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "/relative/path", "ftp://files.example/x", "https:evil.example"]) {
      const res = await follow(clickRoute.GET, messageLinks(sent.messageId).click(url));
      // "https:evil.example" parses as https://evil.example/, which a template could have written; it is the only one allowed.
      if (url === "https:evil.example") {
        expect(res.status).toBe(302);
        expect(res.headers.get("location")).toBe("https://evil.example/");
        continue;
      }
      await expectInvalid(res);
    }
  });
});

describe("a changed link costs no database work", () => {
  it("answers every tampered link without taking a connection from the pool", async () => {
    const url = "https://shop.example/";
    const tampered: [Handler, string][] = [
      [openRoute.GET, messageLinks(sent.messageId).openPixel.replace(`/t/o/${sent.messageId}/`, `/t/o/${other.messageId}/`)],
      [clickRoute.GET, messageLinks(sent.messageId).click(url).replace(encodeURIComponent(url), encodeURIComponent("https://evil.example/"))],
      [viewRoute.GET, `https://app.valueloop.test/t/v/${sent.messageId}/${signLink("open", sent.messageId)}`],
    ];
    const fresh = await createSentMessage(workspaceId);
    // Counts every connection taken (pg's query() takes one too); nothing about the pool's behaviour changes.
    const connect = vi.spyOn(pool, "connect");
    try {
      for (const [handler, link] of tampered) await expectInvalid(await follow(handler, link));
      expect(connect).not.toHaveBeenCalled();
      // The same count sees the one valid link that does record.
      await follow(openRoute.GET, messageLinks(fresh.messageId).openPixel);
      expect(connect).toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });
});

describe("view in browser", () => {
  it("renders the email again for its customer, with tracked links, under a policy that runs no script", async () => {
    const message = await createSentMessage(workspaceId, { content: { channel: "email", subject: "Hi", preheader: "", html: '<p>Hi {{ customer.first_name }}</p><a href="https://shop.example/">Shop</a><script>alert(1)</script>' } });
    const res = await follow(viewRoute.GET, messageLinks(message.messageId).viewInBrowser);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toBe(EMAIL_VIEW_CSP);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    expect(csp).toMatch(/sandbox(?![^;]*allow-scripts)/);
    const body = await res.text();
    expect(body).toContain("<p>Hi Ada</p>");
    expect(body).toContain(`https://app.valueloop.test/t/c/${message.messageId}/`);
    expect(body).toContain(messageLinks(message.messageId).openPixel);
  });

  it("is a 404 for a changed signature, another kind's signature, or a message that is not an email", async () => {
    const webhook = await createSentMessage(workspaceId, { channel: "webhook" });
    await expectInvalid(await follow(viewRoute.GET, messageLinks(webhook.messageId).viewInBrowser));
    await expectInvalid(await follow(viewRoute.GET, `https://app.valueloop.test/t/v/${sent.messageId}/${signLink("unsubscribe", sent.messageId)}`));
    await expectInvalid(await follow(viewRoute.GET, messageLinks(sent.messageId).viewInBrowser.replace(`/t/v/${sent.messageId}/`, `/t/v/${other.messageId}/`)));
  });
});
