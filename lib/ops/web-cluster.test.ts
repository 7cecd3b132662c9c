import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/**
 * The cluster around real processes: lib/ops/testing/web-cluster-process.ts
 * runs superviseWebWorkers around a plain HTTP server that answers with the
 * pid of the worker that served the request.
 */
const fixture = path.join(import.meta.dirname, "testing", "web-cluster-process.ts");
const tsx = path.resolve(import.meta.dirname, "..", "..", "node_modules", ".bin", "tsx");
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startCluster(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> }> {
  const port = await freePort();
  const child = spawn(tsx, [fixture], { env: { ...process.env, PORT: String(port), SHUTDOWN_GRACE_MS: "5000", ...env }, detached: true, stdio: ["ignore", "pipe", "inherit"] });
  running.push(child);
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/ready|failed/.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return { child, port, output: () => out, exited };
}

const get = (port: number, pathAndQuery = "/") => fetch(`http://127.0.0.1:${port}${pathAndQuery}`, { headers: { connection: "close" } }).then((r) => r.text());

describe("superviseWebWorkers", () => {
  it("serves from every worker on one port", async () => {
    const { port, output } = await startCluster({ WEB_PROCESSES: "3" });
    expect(output()).toContain("ready");
    const pids = new Set<string>();
    for (let i = 0; i < 30; i++) pids.add(await get(port));
    expect(pids.size).toBe(3);
  });

  it("on SIGTERM finishes the request in flight, refuses new connections and exits 143", async () => {
    const { child, port, exited } = await startCluster({ WEB_PROCESSES: "2" });
    const slow = get(port, "/slow?ms=1500");
    await new Promise((r) => setTimeout(r, 300));
    process.kill(child.pid!, "SIGTERM");
    expect(Number(await slow)).toBeGreaterThan(0);
    expect(await exited).toBe(143);
    await expect(get(port)).rejects.toThrow();
  });

  it("replaces a worker that dies after start-up, and keeps serving", async () => {
    const { port } = await startCluster({ WEB_PROCESSES: "2", CRASH_LOOP_MS: "0" });
    const before = new Set<string>();
    for (let i = 0; i < 10; i++) before.add(await get(port));
    await get(port, "/crash").catch(() => null);
    const deadline = Date.now() + 20_000;
    let after = new Set<string>();
    while (Date.now() < deadline) {
      after = new Set<string>();
      for (let i = 0; i < 10; i++) after.add(await get(port).catch(() => "down"));
      if (after.size === 2 && !after.has("down") && [...after].some((pid) => !before.has(pid))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(after.size).toBe(2);
    expect([...after].filter((pid) => !before.has(pid))).toHaveLength(1);
  });

  it("stops with status 1 when workers die while starting, instead of restarting them forever", async () => {
    const { output, exited } = await startCluster({ WEB_PROCESSES: "2", FAIL_AT_START: "1" });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/exited with code 3 .* after it started: stopping the server/);
  });
});
