import { randomBytes } from "node:crypto";
import type http from "node:http";
import type { Redis } from "ioredis";
import { readSignedInUser } from "../auth/signed-in-user.ts";
import { cacheablePageSlug, varyIsCovered, varyKey, wantsFreshRender } from "./cacheable-pages.ts";
import { captureResponse } from "./capture-response.ts";
import { bumpEpoch, readEpochs } from "./epochs.ts";
import { gzipWith, plainWith, spliceable } from "./gzip-splice.ts";
import { PageStore, type StoredPage } from "./page-store.ts";
import { sessionTokenClaims } from "./session-token.ts";

export interface PageCacheOptions {
  redis: Redis;
  /** NEXTAUTH_SECRET: the cache reads the session cookie itself. */
  secret: string;
  ttlMs: number;
  maxBytes: number;
}

/** Renders the request with Next.js. */
type Render = () => Promise<void>;

/**
 * Longest a request waits for the cache's Redis counters. They are a
 * shortcut, never a reason to hold a request: a Redis that accepts
 * connections and answers nothing (paused, swapping) would otherwise stall
 * every write through the product and every cacheable page.
 */
export const EPOCH_WAIT_MS = 250;

/** `work`'s answer if it comes within `ms`, else `fallback`; the work itself goes on. */
async function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const NOT_KEPT = new Set(["set-cookie", "content-length", "content-encoding", "date", "connection", "keep-alive", "transfer-encoding"]);
const NONCE = /'nonce-([^']+)'/;

/**
 * Rendered dashboard pages kept per user and answered again until the data
 * they show changes (docs/page-cache.md). Every answer still checks the
 * session and the membership in the database, exactly as the page would; what
 * is saved is Next.js rendering the same numbers again. The data version is
 * two counters in Redis (epochs.ts) that every write through the product
 * bumps; the time to live bounds what a write behind its back can leave.
 */
export function createPageCache(options: PageCacheOptions) {
  const store = new PageStore(options.maxBytes, options.ttlMs);
  const redisReady = () => options.redis.status === "ready";

  const bump = () => {
    if (!redisReady()) return Promise.resolve();
    return bumpEpoch(options.redis, null).catch((err: unknown) => console.error("page cache: could not bump:", (err as Error).message));
  };

  /** The key of a cacheable request, or null when the request must simply render. */
  async function keyFor(req: http.IncomingMessage): Promise<string | null> {
    const slug = cacheablePageSlug(req.url ?? "");
    if (slug === null || !redisReady()) return null;
    const claims = await sessionTokenClaims(req.headers, options.secret);
    if (!claims) return null;
    const user = await readSignedInUser(claims.userId, claims.sessionVersion);
    const membership = user?.memberships.find((m) => m.workspace.slug === slug);
    if (!user || !membership) return null; // the page itself answers: sign in, or not found
    const epochs = await within(readEpochs(options.redis, membership.workspace.id), EPOCH_WAIT_MS, null);
    if (!epochs) return null; // Redis is slow to answer: render, keep nothing
    return [user.id, claims.sessionVersion, membership.role, membership.workspace.id, epochs.global, epochs.workspace, req.url, varyKey(req.headers)].join("\u0001");
  }

  function answer(req: http.IncomingMessage, res: http.ServerResponse, page: StoredPage): void {
    const nonce = page.nonce ? randomBytes(16).toString("base64") : "";
    const headers: http.OutgoingHttpHeaders = { ...page.headers, "x-page-cache": "hit" };
    const csp = headers["content-security-policy"];
    if (page.nonce && typeof csp === "string") headers["content-security-policy"] = csp.split(page.nonce).join(nonce);
    const gzip = acceptsGzip(req.headers["accept-encoding"]);
    const body = gzip ? gzipWith(page.body, nonce) : plainWith(page.body, nonce);
    if (gzip) headers["content-encoding"] = "gzip";
    headers["content-length"] = body.length;
    res.writeHead(page.status, headers);
    res.end(body);
  }

  async function renderAndKeep(key: string, res: http.ServerResponse, render: Render): Promise<void> {
    let settle!: () => void;
    store.renderingUntil(
      key,
      new Promise<void>((resolve) => (settle = resolve)),
    );
    try {
      const captured = captureResponse(res, options.maxBytes / 8);
      res.setHeader("x-page-cache", "miss");
      await render();
      const sent = await captured;
      if (!sent || sent.status !== 200 || !varyIsCovered(String(sent.headers.vary ?? ""))) return;
      const headers: StoredPage["headers"] = {};
      for (const [name, value] of Object.entries(sent.headers)) {
        if (value === undefined || NOT_KEPT.has(name)) continue;
        headers[name] = Array.isArray(value) ? value : String(value);
      }
      const nonce = NONCE.exec(String(headers["content-security-policy"] ?? ""))?.[1] ?? "";
      const body = spliceable(sent.body, nonce);
      const bytes = body.pieces.reduce((sum, p) => sum + p.length, 0);
      store.set(key, { status: sent.status, headers, body, nonce, storedAt: Date.now(), bytes });
    } finally {
      settle();
    }
  }

  return {
    store,
    /** Answers `req` from the cache, or renders it (keeping the answer when it may be kept). */
    async handle(req: http.IncomingMessage, res: http.ServerResponse, render: Render): Promise<void> {
      if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS") {
        // A write: retire what was rendered before it, and what was rendered while it ran. A Redis slow to answer
        // does not hold the write; the bump still lands when it answers, and the one at the end retires the rest.
        await within(bump(), EPOCH_WAIT_MS, undefined);
        res.once("close", () => void bump());
        return render();
      }
      let key: string | null = null;
      if (req.method === "GET") {
        try {
          key = await keyFor(req);
        } catch (err) {
          console.error("page cache: lookup failed, rendering:", (err as Error).message);
        }
      }
      if (key === null) return render();
      if (!wantsFreshRender(req.headers)) {
        const rendering = store.inFlight(key);
        if (rendering) await rendering;
        const page = store.get(key);
        if (page) return answer(req, res, page);
      }
      return renderAndKeep(key, res, render);
    },
  };
}

export type PageCache = ReturnType<typeof createPageCache>;

function acceptsGzip(header: string | string[] | undefined): boolean {
  return String(header ?? "")
    .split(",")
    .some((part) => {
      const [coding, ...params] = part.trim().toLowerCase().split(";");
      if (coding !== "gzip" && coding !== "*") return false;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return q === undefined || Number(q.slice(2)) > 0;
    });
}
