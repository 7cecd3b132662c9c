import http from "node:http";
import next from "next";
import { runWithRequestSignal } from "../db/request-signal.ts";
import { env } from "../env.ts";
import { createPageCache, type PageCache } from "../page-cache/page-cache.ts";
import { createRedisConnection } from "../queue/connection.ts";

/**
 * The header that carries the TCP peer address of each request into the app.
 * Set here on every request, overwriting whatever the client sent, so code
 * that decides who is asking (the sign-in limiter) can trust it; forwarded
 * headers are trusted only from configured proxies (lib/auth/client-address.ts).
 */
export const PEER_ADDRESS_HEADER = "x-valueloop-peer";

export interface ProductionServerOptions {
  dir: string;
  hostname: string;
  port: number;
  /** How long in-flight requests get to finish after SIGTERM/SIGINT before the process exits anyway. */
  shutdownGraceMs: number;
  /** Print "ready on …" once listening (what supervisors and the benches wait for); off in cluster workers, whose primary says it. */
  announceReady?: boolean;
}

/**
 * The production web server: Next.js's request handler behind a Node HTTP
 * server we own. Owning it gives three things `next start` does not: the real
 * peer address (Next.js keeps a client-sent X-Forwarded-For as it is), bounded
 * request and header timeouts against slow clients, and a shutdown that ends
 * within `shutdownGraceMs` even when a request hangs.
 */
export async function startProductionServer(options: ProductionServerOptions): Promise<http.Server> {
  const app = next({ dev: false, dir: options.dir, hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const pageCache = startPageCache();

  const server = http.createServer((req, res) => {
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    if (!hasDecodablePath(req.url)) {
      // Next.js's router answers a path it cannot percent-decode (e.g. an encoded lone surrogate) with a bare 500.
      res.writeHead(400, { "content-type": "application/json", "x-content-type-options": "nosniff" });
      res.end(JSON.stringify({ error: { code: "BAD_REQUEST", message: "The URL path is not valid percent-encoded UTF-8." } }));
      return;
    }
    // A client that goes away before the answer is complete aborts the request's reads (lib/db/request-signal.ts).
    const abandoned = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) abandoned.abort();
    });
    const render = () => handle(req, res);
    runWithRequestSignal(abandoned.signal, () => (pageCache ? pageCache.handle(req, res, render) : render())).catch((err: unknown) => {
      console.error("request failed:", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
  // A client must send its headers within 20 s and its whole request (a 50 MB upload included) within 2 min.
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 5_000;

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: no new connections; finishing requests for up to ${options.shutdownGraceMs} ms`);
    const code = signal === "SIGINT" ? 130 : 143;
    const force = setTimeout(() => {
      server.closeAllConnections();
      process.exit(code);
    }, options.shutdownGraceMs);
    force.unref();
    server.close(() => {
      app
        .close()
        .catch((err: unknown) => console.error("error while closing:", err))
        .finally(() => process.exit(code));
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  if (options.announceReady ?? true) console.log(`ready on http://${options.hostname}:${options.port}`);
  return server;
}

/** Whether every percent-escape in the path decodes to valid UTF-8 (the query string is each route's own to parse). */
export function hasDecodablePath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?", 1)[0]!;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The page cache (docs/page-cache.md), unless PAGE_CACHE_TTL_MS is 0 or there is no session secret to read cookies with. */
function startPageCache(): PageCache | null {
  const secret = process.env.NEXTAUTH_SECRET;
  if (env.PAGE_CACHE_TTL_MS === 0 || !secret) return null;
  return createPageCache({ redis: createRedisConnection("producer"), secret, ttlMs: env.PAGE_CACHE_TTL_MS, maxBytes: env.PAGE_CACHE_MB * 1024 * 1024 });
}
