import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, chownSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/**
 * Finding or starting Postgres and Redis for `npm run demo`: the configured
 * URLs first, then project-local servers from installed binaries (data under
 * .data/), then Docker Compose. Every failure says what to install.
 */

export function canConnect(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export async function waitFor(check: () => Promise<boolean>, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 2; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

function which(cmd: string): string | null {
  const res = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return res.status === 0 ? res.stdout.trim() : null;
}

function postgresBinDir(): string | null {
  const fromConfig = which("pg_config");
  if (fromConfig) {
    try {
      const dir = execFileSync(fromConfig, ["--bindir"], { encoding: "utf8" }).trim();
      if (existsSync(path.join(dir, "initdb"))) return dir;
    } catch {
      // fall through to the Debian layout
    }
  }
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(path.join(root, v, "bin", "initdb"))) return path.join(root, v, "bin");
  }
  return null;
}

function asPostgresUser(args: string[]): string[] {
  // initdb and postgres refuse to run as root; use the system's postgres account.
  return process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--", ...args] : args;
}

export async function startLocalPostgres(dataRoot: string, port: number): Promise<boolean> {
  const bin = postgresBinDir();
  if (!bin) return false;
  const dir = path.join(dataRoot, "postgres");
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    mkdirSync(dir, { recursive: true });
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
      chownSync(dir, uid, gid);
    }
    const [cmd, ...rest] = asPostgresUser([path.join(bin, "initdb"), "-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
    const res = spawnSync(cmd!, rest, { stdio: "inherit" });
    if (res.status !== 0) return false;
  }
  const [cmd, ...rest] = asPostgresUser([
    path.join(bin, "pg_ctl"),
    "-D",
    dir,
    "-l",
    path.join(dir, "server.log"),
    "-o",
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`,
    "start",
  ]);
  spawnSync(cmd!, rest, { stdio: "inherit" });
  return waitFor(() => canConnect("127.0.0.1", port), 30);
}

export async function startLocalRedis(dataRoot: string, port: number): Promise<boolean> {
  const server = which("redis-server");
  if (!server) return false;
  const dir = path.join(dataRoot, "redis");
  mkdirSync(dir, { recursive: true });
  spawnSync(server, ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(port), "--dir", dir, "--appendonly", "yes", "--logfile", path.join(dir, "redis.log")], {
    stdio: "inherit",
  });
  return waitFor(() => canConnect("127.0.0.1", port), 15);
}

export function dockerAvailable(): boolean {
  if (!which("docker")) return false;
  return spawnSync("docker", ["info"], { stdio: "ignore" }).status === 0;
}

export async function startWithDocker(): Promise<boolean> {
  const res = spawnSync("docker", ["compose", "up", "-d", "postgres", "redis"], { stdio: "inherit" });
  if (res.status !== 0) return false;
  return (await waitFor(() => canConnect("127.0.0.1", 5432), 60)) && (await waitFor(() => canConnect("127.0.0.1", 6379), 30));
}
