import cluster, { type Worker } from "node:cluster";

/**
 * Several web server processes sharing one port (node:cluster). A page's
 * rendering is CPU in one Node thread, so one process uses one core whatever
 * the machine has; N processes behind the same listening socket use N. The
 * primary only accepts connections and hands them out round-robin (Linux
 * default); each worker runs the whole server (its own Next.js instance and
 * its own database pool of DB_POOL_SIZE).
 *
 * Shutdown: SIGTERM/SIGINT to the primary (or to the whole process group, as
 * supervisors and Ctrl-C do) is passed to every worker, each finishes its
 * requests within the grace period (lib/next/production-server.ts), and the
 * primary exits when the last one has, with 143 (SIGTERM) or 130 (SIGINT).
 * A worker still alive a few seconds after the grace period is killed.
 *
 * A worker that dies on its own is replaced, so one crash does not halve the
 * capacity; a worker that dies within `crashLoopMs` of starting (bad build,
 * port taken, environment refused) stops the whole server with status 1
 * instead of restarting it forever.
 */
export interface WebClusterOptions {
  processes: number;
  shutdownGraceMs: number;
  /** A worker that exits sooner than this after it was forked is a start-up failure. */
  crashLoopMs?: number;
  log?: (line: string) => void;
}

/** Runs in the primary: forks the workers (which run the same script, with cluster.isPrimary false) and resolves once all listen. */
export async function superviseWebWorkers(options: WebClusterOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const crashLoopMs = options.crashLoopMs ?? 30_000;
  const forkedAt = new Map<Worker, number>();
  let stopping = false;
  let exitCode = 0;

  const fork = () => forkedAt.set(cluster.fork(), Date.now());
  const stopAll = (code: number, signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    // The workers end themselves after the grace period; this only catches one that hangs in its own shutdown.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(code);
    }, options.shutdownGraceMs + 5_000).unref();
  };

  let listening = 0;
  const ready = new Promise<void>((resolve, reject) => {
    cluster.on("listening", () => {
      listening++;
      if (listening === options.processes) resolve();
    });
    cluster.on("exit", (worker, code, signal) => {
      const lived = Date.now() - (forkedAt.get(worker) ?? 0);
      forkedAt.delete(worker);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
        return;
      }
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (lived < crashLoopMs) {
        log(`web worker ${worker.process.pid} exited with ${how} ${lived} ms after it started: stopping the server`);
        reject(new Error(`web worker exited with ${how} while starting`));
        stopAll(1, "SIGTERM");
        return;
      }
      log(`web worker ${worker.process.pid} exited with ${how}: starting another`);
      fork();
    });
  });

  process.on("SIGTERM", () => stopAll(143, "SIGTERM"));
  process.on("SIGINT", () => stopAll(130, "SIGINT"));
  for (let i = 0; i < options.processes; i++) fork();
  await ready;
}
