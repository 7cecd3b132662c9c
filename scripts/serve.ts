// `npm start`: the production web server (build first with `npm run build`).
// Options as `next start`: -p/--port, -H/--hostname; PORT and HOSTNAME are read too.
import path from "node:path";
import { parseArgs } from "node:util";
import { startProductionServer } from "../lib/next/production-server.ts";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(`Invalid port: ${values.port ?? process.env.PORT}`);
  process.exit(1);
}

await startProductionServer({
  dir: path.resolve(import.meta.dirname, ".."),
  hostname: values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0",
  port,
  shutdownGraceMs: Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000),
});
