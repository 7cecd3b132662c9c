import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { processAlive, superviseProcesses, type ProcessSpec } from "./supervise-processes.ts";

/**
 * Real processes throughout: each service is a `node -e` script that starts a
 * grandchild of its own (as npx starts next-server) and writes both pids to a
 * file, then sleeps.
 */

interface Pids {
  child: number;
  grandchild: number;
}

const started: number[] = [];
const dirs: string[] = [];

afterEach(() => {
  // Whatever a failed test left behind.
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "supervise-"));
  dirs.push(dir);
  return dir;
}

/** A service that starts a sleeping grandchild; `ignoreTerm` makes both shrug off SIGTERM; `exitWith` ends it soon after start. */
function service(name: string, dir: string, opts: { ignoreTerm?: boolean; exitWith?: number } = {}): ProcessSpec {
  const ignore = opts.ignoreTerm ? `process.on("SIGTERM", () => {});` : "";
  const script = `
    const { spawn } = require("node:child_process");
    const fs = require("node:fs");
    ${ignore}
    const grandchild = spawn(process.execPath, ["-e", ${JSON.stringify(`${ignore} setInterval(() => {}, 1000)`)}], { stdio: "ignore" });
    fs.writeFileSync(process.argv[1] + ".tmp", JSON.stringify({ child: process.pid, grandchild: grandchild.pid }));
    fs.renameSync(process.argv[1] + ".tmp", process.argv[1]);
    ${opts.exitWith !== undefined ? `setTimeout(() => process.exit(${opts.exitWith}), 200);` : ""}
    setInterval(() => {}, 1000);`;
  return { name, command: process.execPath, args: ["-e", script, path.join(dir, `${name}.json`)], stdout: "ignore", stderr: "inherit" };
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function pidsOf(dir: string, name: string): Promise<Pids> {
  const file = path.join(dir, `${name}.json`);
  await waitUntil(() => existsSync(file), 10_000, `${name} to start`);
  const pids = JSON.parse(readFileSync(file, "utf8")) as Pids;
  started.push(pids.grandchild, pids.child);
  return pids;
}

const alive = (pids: Pids[]) => pids.flatMap((p) => [p.child, p.grandchild]).filter(processAlive);

describe("superviseProcesses", () => {
  it("stops the other services and every grandchild within the grace period when one service dies, and says which died how", async () => {
    const dir = workDir();
    const messages: string[] = [];
    const supervisor = superviseProcesses([service("web", dir), service("workers", dir)], {
      graceMs: 5_000,
      handleSignals: false,
      log: (m) => messages.push(m),
    });
    const web = await pidsOf(dir, "web");
    const workers = await pidsOf(dir, "workers");
    expect(alive([web, workers])).toHaveLength(4);

    process.kill(web.child, "SIGKILL");
    const outcome = await supervisor.done;

    expect(outcome.cause).toMatchObject({ kind: "child-exited", exit: { name: "web", pid: web.child, code: null, signal: "SIGKILL" } });
    expect(outcome.exitCode).toBe(1);
    // Everything went on SIGTERM, before the grace period ran out.
    expect(outcome.killed).toEqual([]);
    // The dead service's own grandchild too, not only the other service.
    expect(alive([web, workers])).toEqual([]);
    expect(messages[0]).toBe(`web (pid ${web.child}) was killed by SIGKILL; stopping workers`);
  });

  it("reports a service that exits with an error code, by name and code", async () => {
    const dir = workDir();
    const messages: string[] = [];
    const supervisor = superviseProcesses([service("workers", dir, { exitWith: 3 }), service("web", dir)], {
      graceMs: 5_000,
      handleSignals: false,
      log: (m) => messages.push(m),
    });
    const workers = await pidsOf(dir, "workers");
    const web = await pidsOf(dir, "web");
    const outcome = await supervisor.done;
    expect(outcome.cause).toMatchObject({ kind: "child-exited", exit: { name: "workers", code: 3, signal: null } });
    expect(outcome.exitCode).toBe(1);
    expect(messages[0]).toBe(`workers (pid ${workers.child}) exited with code 3; stopping web`);
    expect(alive([web, workers])).toEqual([]);
  });

  it("kills a process group that ignores SIGTERM once the grace period is over", async () => {
    const dir = workDir();
    const supervisor = superviseProcesses([service("stubborn", dir, { ignoreTerm: true }), service("polite", dir)], {
      graceMs: 700,
      handleSignals: false,
      log: () => undefined,
    });
    const stubborn = await pidsOf(dir, "stubborn");
    const polite = await pidsOf(dir, "polite");
    // Let the scripts install their SIGTERM handlers before asking.
    await new Promise((r) => setTimeout(r, 200));
    const outcome = await supervisor.stop("shutting down");
    expect(outcome).toMatchObject({ cause: { kind: "requested" }, exitCode: 0, killed: ["stubborn"] });
    expect(alive([stubborn, polite])).toEqual([]);
  });

  it("reports a service whose command does not exist instead of hanging", async () => {
    const supervisor = superviseProcesses([{ name: "ghost", command: "/nonexistent/valueloop-ghost" }], {
      handleSignals: false,
      log: () => undefined,
    });
    const outcome = await supervisor.done;
    expect(outcome.exitCode).toBe(1);
    expect(outcome.cause).toMatchObject({ kind: "child-exited", exit: { name: "ghost", error: expect.stringContaining("ENOENT") } });
  });
});

describe("a supervisor process (as npm run demo runs it)", () => {
  const fixture = path.join(import.meta.dirname, "testing", "supervisor-process.ts");

  function startSupervisor(children: ProcessSpec[], graceMs = 5_000) {
    const proc = spawn(process.execPath, ["--import", "tsx", fixture, JSON.stringify({ graceMs, children })], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (proc.pid) started.push(proc.pid);
    let stderr = "";
    proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
      proc.once("exit", (code, signal) => resolve({ code, signal, stderr })),
    );
    return { proc, exited };
  }

  it("stops every child and grandchild on SIGINT (Ctrl-C) and exits 0, leaving no orphan", async () => {
    const dir = workDir();
    const { proc, exited } = startSupervisor([service("web", dir), service("workers", dir)]);
    const web = await pidsOf(dir, "web");
    const workers = await pidsOf(dir, "workers");
    expect(alive([web, workers])).toHaveLength(4);

    process.kill(proc.pid!, "SIGINT");
    const result = await exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("SIGINT received; stopping web, workers");
    expect(alive([web, workers])).toEqual([]);
  });

  it("exits non-zero, naming the service, when a service dies, and leaves no orphan", async () => {
    const dir = workDir();
    const { exited } = startSupervisor([service("web", dir), service("workers", dir)]);
    const web = await pidsOf(dir, "web");
    const workers = await pidsOf(dir, "workers");

    process.kill(workers.child, "SIGTERM");
    const result = await exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`workers (pid ${workers.child}) was killed by SIGTERM; stopping web`);
    expect(alive([web, workers])).toEqual([]);
  });
});
