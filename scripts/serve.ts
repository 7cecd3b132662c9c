// `npm start`: the production web server (build first with `npm run build`).
// Options as `next start`: -p/--port, -H/--hostname; PORT and HOSTNAME are read too.
// WEB_PROCESSES: how many server processes share the port (default: one per CPU; docs/operations.md).
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startProductionServer } from "../lib/next/production-server.ts";
import { superviseWebWorkers } from "../lib/ops/web-cluster.ts";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(`Invalid port: ${values.port ?? process.env.PORT}`);
  process.exit(1);
}
const processes = Number(process.env.WEB_PROCESSES || availableParallelism());
if (!Number.isInteger(processes) || processes < 1 || processes > 256) {
  console.error(`Invalid WEB_PROCESSES: ${process.env.WEB_PROCESSES} (a whole number from 1 to 256)`);
  process.exit(1);
}
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
const shutdownGraceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);

if (processes > 1 && cluster.isPrimary) {
  // The primary renders nothing: it forks the workers (this same script) and passes signals on.
  await superviseWebWorkers({ processes, shutdownGraceMs })
    .then(() => console.log(`ready on http://${hostname}:${port} (${processes} processes)`))
    .catch((err: unknown) => console.error((err as Error).message));
} else {
  await startProductionServer({
    dir: path.resolve(import.meta.dirname, ".."),
    hostname,
    port,
    shutdownGraceMs,
    // In a cluster the primary says "ready" once every worker listens.
    announceReady: cluster.isPrimary,
  });
}
