import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

/**
 * Keeps a set of long-running processes (the web server, the workers) alive
 * together: if one exits, the others are stopped; SIGINT, SIGTERM or SIGHUP
 * to this process stops them all. Each child runs in a process group of its
 * own, so stopping it also reaches what it started (npx → next-server, tsx →
 * node), which a plain child.kill() would leave orphaned. Stopping is SIGTERM
 * to every group, then SIGKILL to the groups still alive after the grace
 * period.
 */

export interface ProcessSpec {
  /** Used in messages: "web exited with code 1". */
  name: string;
  command: string;
  args?: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdin is always ignored: a process outside the terminal's foreground group that reads it would be stopped. */
  stdout?: "inherit" | "ignore";
  stderr?: "inherit" | "ignore";
}

export interface ChildExit {
  name: string;
  pid: number | null;
  /** Exit code, or null when ended by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why it never started (command not found, ...). */
  error?: string;
}

export type StopCause =
  | { kind: "child-exited"; exit: ChildExit }
  | { kind: "signal"; signal: NodeJS.Signals }
  | { kind: "requested"; reason: string };

export interface SupervisionOutcome {
  cause: StopCause;
  /** 1 when a child ended on its own (a service is not supposed to), 0 when stopped on request. */
  exitCode: number;
  /** Children whose process group outlived the grace period and was sent SIGKILL. */
  killed: string[];
}

export interface SupervisorOptions {
  /** How long SIGTERM may take before SIGKILL. */
  graceMs?: number;
  /** Stop everything on SIGINT, SIGTERM and SIGHUP to this process (default true). */
  handleSignals?: boolean;
  log?: (message: string) => void;
}

export interface Supervisor {
  readonly children: ReadonlyArray<{ name: string; pid: number | null }>;
  /** Settles once everything has been stopped, whatever the cause. */
  readonly done: Promise<SupervisionOutcome>;
  /** Stops everything (SIGTERM, grace, SIGKILL); resolves like `done`. */
  stop(reason: string): Promise<SupervisionOutcome>;
  /**
   * Runs a one-off command whose exit is expected (a first recompute): it is
   * not a service, so its ending stops nothing, but a stop ends it too.
   */
  runTask(spec: ProcessSpec): Promise<ChildExit>;
}

export const DEFAULT_GRACE_MS = 10_000;
const POLL_MS = 50;
const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export function describeExit(exit: ChildExit): string {
  if (exit.error) return `${exit.name} could not be started: ${exit.error}`;
  if (exit.signal) return `${exit.name} (pid ${exit.pid}) was killed by ${exit.signal}`;
  return `${exit.name} (pid ${exit.pid}) exited with code ${exit.code}`;
}

export function superviseProcesses(specs: readonly ProcessSpec[], options: SupervisorOptions = {}): Supervisor {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const log = options.log ?? ((message: string) => console.error(message));
  const groups = new Map<number, string>(); // process group id (= leader pid) → name
  let stopping: Promise<SupervisionOutcome> | null = null;
  let resolveDone: (outcome: SupervisionOutcome) => void = () => undefined;
  const done = new Promise<SupervisionOutcome>((resolve) => {
    resolveDone = resolve;
  });

  function start(spec: ProcessSpec): ChildProcess {
    const child = spawn(spec.command, spec.args ?? [], {
      cwd: spec.cwd,
      env: spec.env,
      // A new process group (and session) led by the child: signalling -pid reaches its descendants.
      detached: true,
      stdio: ["ignore", spec.stdout ?? "inherit", spec.stderr ?? "inherit"],
    });
    if (child.pid !== undefined) groups.set(child.pid, spec.name);
    return child;
  }

  function onChildEnded(exit: ChildExit) {
    if (stopping) return;
    void stopAll({ kind: "child-exited", exit });
  }

  const started = specs.map((spec) => {
    const child = start(spec);
    child.once("error", (err) => onChildEnded({ name: spec.name, pid: child.pid ?? null, code: null, signal: null, error: err.message }));
    child.once("exit", (code, signal) => onChildEnded({ name: spec.name, pid: child.pid ?? null, code, signal }));
    return { name: spec.name, pid: child.pid ?? null };
  });

  // One Ctrl-C can arrive more than once (npm and tsx forward the terminal's
  // SIGINT to their child as well), so a signal while stopping changes nothing.
  const onSignal = (signal: NodeJS.Signals) => void stopAll({ kind: "signal", signal });
  // If this process ends without stopping its children (an uncaught error), they must not outlive it.
  // It cannot wait any more, so this is SIGTERM alone: the services shut down on it.
  const onExit = () => signalGroups([...groups.keys()], "SIGTERM");
  if (options.handleSignals ?? true) for (const s of STOP_SIGNALS) process.on(s, onSignal);
  process.on("exit", onExit);

  function stopAll(cause: StopCause): Promise<SupervisionOutcome> {
    if (stopping) return stopping;
    stopping = (async () => {
      const others = [...groups.values()];
      if (cause.kind === "child-exited") log(`${describeExit(cause.exit)}; stopping ${others.filter((n) => n !== cause.exit.name).join(", ") || "nothing else"}`);
      else if (cause.kind === "signal") log(`${cause.signal} received; stopping ${others.join(", ")}`);
      else log(`${cause.reason}; stopping ${others.join(", ")}`);

      const all = [...groups.keys()];
      signalGroups(all, "SIGTERM");
      const left = await waitUntilGone(all, graceMs);
      const killed = left.map((pgid) => groups.get(pgid) ?? String(pgid));
      if (left.length > 0) {
        log(`${killed.join(", ")} did not stop within ${graceMs / 1000} s; sending SIGKILL`);
        signalGroups(left, "SIGKILL");
        await waitUntilGone(left, 5_000);
      }
      if (options.handleSignals ?? true) for (const s of STOP_SIGNALS) process.off(s, onSignal);
      process.off("exit", onExit);
      const outcome: SupervisionOutcome = { cause, exitCode: cause.kind === "child-exited" ? 1 : 0, killed };
      resolveDone(outcome);
      return outcome;
    })();
    return stopping;
  }

  function runTask(spec: ProcessSpec): Promise<ChildExit> {
    return new Promise((resolve) => {
      if (stopping) {
        resolve({ name: spec.name, pid: null, code: null, signal: null, error: "stopping" });
        return;
      }
      const child = start(spec);
      child.once("error", (err) => resolve({ name: spec.name, pid: child.pid ?? null, code: null, signal: null, error: err.message }));
      child.once("exit", (code, signal) => {
        // Its group may still hold processes it started in the background: those are stopped with the rest.
        resolve({ name: spec.name, pid: child.pid ?? null, code, signal });
      });
    });
  }

  return { children: started, done, stop: (reason) => stopAll({ kind: "requested", reason }), runTask };
}

function signalGroups(pgids: readonly number[], signal: NodeJS.Signals) {
  for (const pgid of pgids) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // ESRCH: the whole group is gone already.
    }
  }
}

async function waitUntilGone(pgids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pgids.filter(groupAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    alive = alive.filter(groupAlive);
  }
  return alive;
}

/**
 * True while some process of the group still runs. A zombie does not count:
 * where PID 1 does not reap orphans (a container without an init), a dead
 * grandchild stays a zombie forever and kill(-pgid, 0) keeps succeeding.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  if (process.platform !== "linux" || !existsSync("/proc/self/stat")) return true;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.state !== "Z" && stat.state !== "X") return true;
  }
  return false;
}

/** True while the process runs (exists and is not a zombie). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  const stat = process.platform === "linux" ? procStat(pid) : null;
  return stat ? stat.state !== "Z" && stat.state !== "X" : true;
}

function procStat(pid: number): { state: string; pgid: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, so split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0] ?? "", pgid: Number(fields[2]) };
}
