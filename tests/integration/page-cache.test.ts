import { randomBytes } from "node:crypto";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import zlib from "node:zlib";
import { Redis } from "ioredis";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { env } from "../../lib/env.ts";
import { bumpEpoch } from "../../lib/page-cache/epochs.ts";
import { createPageCache, EPOCH_WAIT_MS } from "../../lib/page-cache/page-cache.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

const secret = process.env.NEXTAUTH_SECRET!;
const redis = new Redis(env.REDIS_URL);
const cache = createPageCache({ redis, secret, ttlMs: 60_000, maxBytes: 8 * 1024 * 1024 });

/**
 * Stands in for Next.js: renders a page naming who asked and how many renders
 * there have been, with a fresh CSP nonce on its script, a refreshed session
 * cookie, and gzip when asked, written in two pieces as a streamed page is.
 */
let renders = 0;
let slowRender: Promise<void> | null = null;
const server = http.createServer((req, res) => {
  const render = async () => {
    renders += 1;
    const n = renders;
    if (slowRender) await slowRender;
    const nonce = randomBytes(16).toString("base64");
    const body = Buffer.from(`<html><script nonce="${nonce}">render ${n} of ${req.url}</script>${"<td>1,234</td>".repeat(500)}<script nonce="${nonce}"></script></html>`);
    const gzip = /gzip/.test(String(req.headers["accept-encoding"] ?? ""));
    res.setHeader("content-security-policy", `script-src 'self' 'nonce-${nonce}'`);
    res.setHeader("set-cookie", "next-auth.session-token=refreshed; Path=/; HttpOnly");
    res.setHeader("vary", "RSC, Next-Router-State-Tree, Accept-Encoding");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...(gzip ? { "content-encoding": "gzip" } : {}) });
    const out = gzip ? zlib.gzipSync(body) : body;
    res.write(out.subarray(0, 100));
    res.end(out.subarray(100));
  };
  void cache.handle(req, res, render);
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await redis.quit();
});

async function cookieFor(user: { id: string }): Promise<string> {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
  const token = await encode({ token: { sub: user.id, sessionVersion }, secret });
  return `next-auth.session-token=${token}`;
}

interface Answer {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
  renders: number;
}

/** A raw request (fetch would hide the encoding): the body as sent, gunzipped here. */
function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers: { "accept-encoding": "gzip", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const text = res.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(raw).toString() : raw.toString();
        resolve({ status: res.statusCode ?? 0, text, headers: res.headers, renders });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

function nonceOf(a: Answer): string {
  const inCsp = /'nonce-([^']+)'/.exec(String(a.headers["content-security-policy"]))?.[1];
  const inBody = [...a.text.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
  expect(inBody).toHaveLength(2);
  expect(inBody.every((n) => n === inCsp)).toBe(true);
  return inCsp!;
}

describe("page cache", () => {
  it("answers a signed-in user's dashboard again without rendering, with a fresh nonce and no cookie", async () => {
    const ws = await createWorkspace();
    const analyst = await createUser(ws.id, "ANALYST");
    const cookie = await cookieFor(analyst);
    const first = await get(`/w/${ws.slug}/ltv`, { cookie });
    expect(first.headers["x-page-cache"]).toBe("miss");
    const second = await get(`/w/${ws.slug}/ltv`, { cookie });
    expect(second.headers["x-page-cache"]).toBe("hit");
    expect(second.renders).toBe(first.renders);
    expect(second.headers["set-cookie"]).toBeUndefined();
    expect(second.headers["content-encoding"]).toBe("gzip");
    expect(Number(second.headers["content-length"])).toBeGreaterThan(0);
    const [n1, n2] = [nonceOf(first), nonceOf(second)];
    expect(n2).not.toBe(n1);
    expect(second.text.replaceAll(n2, "N")).toBe(first.text.replaceAll(n1, "N"));
    // A client that takes no gzip gets the same page uncompressed.
    const plain = await get(`/w/${ws.slug}/ltv`, { cookie, "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.text.replaceAll(nonceOf(plain), "N")).toBe(first.text.replaceAll(n1, "N"));
    expect(plain.renders).toBe(first.renders);
  });

  it("keeps pages per user, per URL and per navigation header, and renders pages with live state every time", async () => {
    const ws = await createWorkspace();
    const [a, b] = [await cookieFor(await createUser(ws.id, "ANALYST")), await cookieFor(await createUser(ws.id, "ADMIN"))];
    const url = `/w/${ws.slug}/rfm`;
    const aFirst = await get(url, { cookie: a });
    const bFirst = await get(url, { cookie: b });
    expect(bFirst.renders).toBe(aFirst.renders + 1);
    expect(bFirst.headers["x-page-cache"]).toBe("miss");
    expect((await get(url, { cookie: b })).headers["x-page-cache"]).toBe("hit");
    expect((await get(`${url}?from=1`, { cookie: a })).headers["x-page-cache"]).toBe("miss");
    expect((await get(url, { cookie: a, rsc: "1" })).headers["x-page-cache"]).toBe("miss");
    expect((await get(url, { cookie: a, rsc: "1" })).headers["x-page-cache"]).toBe("hit");
    const jobs = await get(`/w/${ws.slug}/jobs`, { cookie: a });
    expect((await get(`/w/${ws.slug}/jobs`, { cookie: a })).renders).toBe(jobs.renders + 1);
    // Not signed in: always the page's own answer (in the app, the sign-in redirect).
    const anonymous = await get(url);
    expect((await get(url)).renders).toBe(anonymous.renders + 1);
    // A hard reload renders afresh, and what it rendered is what follows.
    const hard = await get(url, { cookie: a, "cache-control": "no-cache" });
    expect(hard.headers["x-page-cache"]).toBe("miss");
    const after = await get(url, { cookie: a });
    expect(after.headers["x-page-cache"]).toBe("hit");
    expect(after.text).toContain(`render ${hard.renders} of`);
  });

  it("renders again after any write through the web server, and after a worker retires the workspace's pages", async () => {
    const ws = await createWorkspace();
    const other = await createWorkspace();
    const cookie = await cookieFor(await createUser(ws.id, "MARKETER"));
    const url = `/w/${ws.slug}/cohorts`;
    await get(url, { cookie });
    expect((await get(url, { cookie })).headers["x-page-cache"]).toBe("hit");
    await get(`/w/${ws.slug}/segments/new`, { cookie }, "POST");
    expect((await get(url, { cookie })).headers["x-page-cache"]).toBe("miss");
    expect((await get(url, { cookie })).headers["x-page-cache"]).toBe("hit");
    await bumpEpoch(redis, other.id);
    expect((await get(url, { cookie })).headers["x-page-cache"]).toBe("hit");
    await bumpEpoch(redis, ws.id);
    expect((await get(url, { cookie })).headers["x-page-cache"]).toBe("miss");
  });

  it("stops answering from the cache the moment the session ends or the membership goes", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "ANALYST");
    const cookie = await cookieFor(user);
    const url = `/w/${ws.slug}`;
    await get(url, { cookie });
    expect((await get(url, { cookie })).headers["x-page-cache"]).toBe("hit");
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    const ended = await get(url, { cookie });
    expect(ended.headers["x-page-cache"]).toBeUndefined(); // rendered by the app, which signs the user out
    const second = await createUser(ws.id, "ANALYST");
    const secondCookie = await cookieFor(second);
    await get(url, { cookie: secondCookie });
    expect((await get(url, { cookie: secondCookie })).headers["x-page-cache"]).toBe("hit");
    await db.membership.deleteMany({ where: { userId: second.id } });
    expect((await get(url, { cookie: secondCookie })).headers["x-page-cache"]).toBeUndefined();
  });

  it("renders a page once for many who ask at the same moment, and keeps nothing of an answer cut short", async () => {
    const ws = await createWorkspace();
    const cookie = await cookieFor(await createUser(ws.id, "ANALYST"));
    const url = `/w/${ws.slug}/products`;
    let release!: () => void;
    slowRender = new Promise((r) => (release = r));
    const before = renders;
    const asked = Array.from({ length: 10 }, () => get(url, { cookie }));
    await new Promise((r) => setTimeout(r, 200));
    release();
    const answers = await Promise.all(asked);
    slowRender = null;
    expect(renders - before).toBe(1);
    expect(new Set(answers.map((a) => a.text.replace(/nonce="[^"]+"/g, ""))).size).toBe(1);

    // A client that goes away mid-render leaves nothing behind.
    const cut = `/w/${ws.slug}/value-drivers`;
    slowRender = new Promise((r) => (release = r));
    const req = http.request(`${base}${cut}`, { headers: { cookie } });
    req.on("error", () => undefined);
    req.end();
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();
    await new Promise((r) => setTimeout(r, 100));
    release();
    slowRender = null;
    await new Promise((r) => setTimeout(r, 100));
    expect((await get(cut, { cookie })).headers["x-page-cache"]).toBe("miss");
  });
});

/**
 * A Redis that accepts commands and answers nothing (paused, swapping): a
 * proxy to the real one that stops passing commands on when frozen.
 */
async function freezableRedis(): Promise<{ redis: Redis; freeze: () => void; close: () => Promise<void> }> {
  const target = new URL(env.REDIS_URL);
  let frozen = false;
  const sockets: net.Socket[] = [];
  const proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    sockets.push(client, upstream);
    client.on("data", (chunk) => {
      if (!frozen) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const redis = new Redis({ host: "127.0.0.1", port: (proxy.address() as AddressInfo).port, maxRetriesPerRequest: null });
  await new Promise<void>((resolve) => redis.once("ready", () => resolve()));
  return {
    redis,
    freeze: () => {
      frozen = true;
    },
    close: async () => {
      redis.disconnect();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

describe("page cache with a Redis that stops answering", () => {
  it("still renders pages and lets writes through within moments", async () => {
    const stalled = await freezableRedis();
    const stalledCache = createPageCache({ redis: stalled.redis, secret, ttlMs: 60_000, maxBytes: 1024 * 1024 });
    const app = http.createServer((req, res) => {
      void stalledCache.handle(req, res, async () => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(`answered ${req.method}`);
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const at = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      const ws = await createWorkspace();
      const cookie = await cookieFor(await createUser(ws.id, "ANALYST"));
      stalled.freeze();
      for (const [method, path] of [
        ["POST", `/api/w/${ws.slug}/segments`],
        ["GET", `/w/${ws.slug}/ltv`],
      ] as const) {
        const started = performance.now();
        const res = await fetch(`${at}${path}`, { method, headers: { cookie } });
        expect(await res.text()).toBe(`answered ${method}`);
        // Without a deadline on the counters this request would wait for Redis for good.
        expect(performance.now() - started, `${method} ${path}`).toBeLessThan(EPOCH_WAIT_MS + 2_000);
      }
    } finally {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
      await stalled.close();
    }
  });
});
