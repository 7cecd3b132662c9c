// `npm run demo`: services, migrations, demo data, build, then the app and the
// workers in the foreground, supervised (lib/ops/supervise-processes.ts): if
// one dies the other is stopped too, and Ctrl-C stops both.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_LOGINS } from "../lib/demo/demo-logins.ts";
import { canConnect, dockerAvailable, startLocalPostgres, startLocalRedis, startWithDocker, waitFor } from "../lib/ops/local-services.ts";
import { describeExit, superviseProcesses, type StopCause } from "../lib/ops/supervise-processes.ts";

const root = path.resolve(import.meta.dirname, "..");
const dataRoot = path.join(root, ".data");
mkdirSync(dataRoot, { recursive: true });
const port = Number(process.env.PORT ?? 3000);
const customers = process.env.DEMO_CUSTOMERS ?? "20000";

function say(msg: string) {
  console.log(`\x1b[36m[demo]\x1b[0m ${msg}`);
}
function fail(msg: string): never {
  console.error(`\x1b[31m[demo]\x1b[0m ${msg}`);
  process.exit(1);
}

const LOCAL_PG_PORT = 54329;
const LOCAL_REDIS_PORT = 63799;

async function resolveServices(): Promise<{ databaseUrl: string; redisUrl: string }> {
  let databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop";
  let redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const pgUrl = new URL(databaseUrl);
  const rUrl = new URL(redisUrl);
  let pgOk = await canConnect(pgUrl.hostname, Number(pgUrl.port || 5432));
  let redisOk = await canConnect(rUrl.hostname, Number(rUrl.port || 6379));
  if (pgOk && redisOk) return { databaseUrl, redisUrl };
  if (process.env.DATABASE_URL && !pgOk) fail(`DATABASE_URL is set but ${pgUrl.host} does not answer.`);
  if (process.env.REDIS_URL && !redisOk) fail(`REDIS_URL is set but ${rUrl.host} does not answer.`);

  if (!pgOk) {
    if (await canConnect("127.0.0.1", LOCAL_PG_PORT)) pgOk = true;
    else {
      say("Postgres does not answer on 127.0.0.1:5432; starting a project-local one (.data/postgres)");
      pgOk = await startLocalPostgres(dataRoot, LOCAL_PG_PORT);
    }
    if (pgOk) databaseUrl = `postgresql://postgres@127.0.0.1:${LOCAL_PG_PORT}/valueloop`;
  }
  if (!redisOk) {
    if (await canConnect("127.0.0.1", LOCAL_REDIS_PORT)) redisOk = true;
    else {
      say("Redis does not answer on 127.0.0.1:6379; starting a project-local one (.data/redis)");
      redisOk = await startLocalRedis(dataRoot, LOCAL_REDIS_PORT);
    }
    if (redisOk) redisUrl = `redis://127.0.0.1:${LOCAL_REDIS_PORT}`;
  }
  if ((!pgOk || !redisOk) && dockerAvailable()) {
    say("starting Postgres and Redis with docker compose");
    if (await startWithDocker()) {
      return { databaseUrl: "postgresql://postgres:postgres@127.0.0.1:5432/valueloop", redisUrl: "redis://127.0.0.1:6379" };
    }
  }
  if (!pgOk || !redisOk) {
    fail(
      [
        `Could not reach or start ${!pgOk ? "PostgreSQL" : ""}${!pgOk && !redisOk ? " and " : ""}${!redisOk ? "Redis" : ""}.`,
        "Install them (Debian/Ubuntu: sudo apt-get install postgresql redis-server; macOS: brew install postgresql@16 redis),",
        "or install Docker and run `docker compose up -d postgres redis`,",
        "or point DATABASE_URL and REDIS_URL at running servers. Then run `npm run demo` again.",
      ].join("\n"),
    );
  }
  return { databaseUrl, redisUrl };
}

function nextAuthSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(dataRoot, "nextauth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

// Kept beside the database it seals secrets for: a new key would leave saved channel secrets unreadable.
function secretsKey(): string {
  if (process.env.SECRETS_KEY) return process.env.SECRETS_KEY;
  const file = path.join(dataRoot, "secrets-key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string) {
  say(what);
  const res = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (res.status !== 0) fail(`${what} failed (exit ${res.status}).`);
}

const services = await resolveServices();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: services.databaseUrl,
  REDIS_URL: services.redisUrl,
  NEXTAUTH_SECRET: nextAuthSecret(),
  SECRETS_KEY: secretsKey(),
  // The demo runs on one machine: let a webhook receiver on it (http://localhost:…) be tried.
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? "true",
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: "1",
};
say(`Postgres: ${new URL(services.databaseUrl).host}   Redis: ${new URL(services.redisUrl).host}`);

run("npm", ["run", "--silent", "db:generate"], env, "generating the Prisma client");
run("npm", ["run", "--silent", "db:migrate"], env, "applying migrations");
run("npm", ["run", "--silent", "db:seed", "--", "--customers", customers, "--seed", "42"], env, `seeding demo data (${customers} customers) if the demo workspace is empty`);
run("npx", ["--no-install", "next", "build"], env, "building the web app");

const prodEnv: NodeJS.ProcessEnv = { ...env, NODE_ENV: "production" };
// The web server and the workers stand or fall together: if either dies the
// other is stopped and the demo exits non-zero, naming it; Ctrl-C stops both,
// and everything they started, before the demo exits.
const supervisor = superviseProcesses(
  [
    { name: "workers", command: "npx", args: ["--no-install", "tsx", "workers/index.ts"], cwd: root, env: prodEnv },
    // `npm start` is the production server, whatever it runs; -p works for it as for `next start`.
    { name: "web", command: "npm", args: ["run", "--silent", "start", "--", "-p", String(port)], cwd: root, env: prodEnv, stdout: "ignore" },
  ],
  // Longer than the web server's own shutdown grace (10 s), so it can finish its requests before SIGKILL.
  { graceMs: 15_000, log: (message) => say(message) },
);
let startupFailure: string | null = null;
void supervisor.done.then((outcome) => {
  const failure = startupFailure ?? (outcome.exitCode !== 0 ? describeCause(outcome.cause) : null);
  if (failure) console.error(`\x1b[31m[demo]\x1b[0m stopped: ${failure}.`);
  process.exit(failure ? 1 : 0);
});

function describeCause(cause: StopCause): string {
  return cause.kind === "child-exited" ? describeExit(cause.exit) : cause.kind === "signal" ? `${cause.signal} received` : cause.reason;
}

if (!(await waitFor(() => canConnect("127.0.0.1", port), 60))) {
  startupFailure = `the web app did not start on port ${port} within 60 s`;
  await supervisor.stop(startupFailure);
} else {
  if (existsSync(path.join(root, "scripts/recompute.ts"))) {
    const recompute = await supervisor.runTask({
      name: "first recompute",
      command: "npx",
      args: ["--no-install", "tsx", "scripts/recompute.ts", "--workspace", "demo", "--if-never-run"],
      cwd: root,
      env: prodEnv,
    });
    if (recompute.code !== 0) say(`${describeExit(recompute)}; the app runs on, use "Recompute now" on the RFM page`);
  }
  console.log(`
  ValueLoop is running:  http://localhost:${port}

  Demo logins (workspace "Acme Outfitters"):
${DEMO_LOGINS.map((l) => `    ${l.role.padEnd(9)} ${l.email.padEnd(26)} ${l.password}`).join("\n")}

  Ctrl-C stops the app and the workers.
`);
}
