// A stand-in for scripts/serve.ts in web-cluster.test.ts: the same cluster supervision around a plain HTTP server that
// answers with its pid (GET /) or after `ms` milliseconds (GET /slow?ms=…), and shuts down as the real one does.
import cluster from "node:cluster";
import http from "node:http";
import { superviseWebWorkers } from "../web-cluster.ts";

const processes = Number(process.env.WEB_PROCESSES);
const shutdownGraceMs = Number(process.env.SHUTDOWN_GRACE_MS);

if (cluster.isPrimary) {
  await superviseWebWorkers({ processes, shutdownGraceMs, crashLoopMs: Number(process.env.CRASH_LOOP_MS ?? 30_000) })
    .then(() => console.log("ready"))
    .catch((err: unknown) => console.log(`failed: ${(err as Error).message}`));
} else {
  if (process.env.FAIL_AT_START) process.exit(3);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/crash") process.exit(7);
    const ms = Number(url.searchParams.get("ms") ?? 0);
    setTimeout(() => res.end(String(process.pid)), ms);
  });
  process.on("SIGTERM", () => {
    server.close(() => process.exit(143));
    server.closeIdleConnections();
    setTimeout(() => process.exit(143), shutdownGraceMs).unref();
  });
  server.listen(Number(process.env.PORT), "127.0.0.1");
}
