import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";

// Fault injected: a "Redis" that accepts connections and never answers (a hung server, or a
// firewall that drops replies), which is worse than one that refuses. Set before the queue
// modules read the environment.
const sockets = new Set<net.Socket>();
const silent = net.createServer((socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});
await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
process.env.REDIS_URL = `redis://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;

const { loadJobsPage } = await import("../../lib/jobs/jobs-page-data.ts");
const { retryFailedJob } = await import("../../lib/jobs/retry-failed-job.ts");
const { closeQueues } = await import("../../lib/queue/queues.ts");

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  silent.close();
  await closeQueues();
});

describe("the Jobs page when the queue does not answer", () => {
  it("says the job queue is unreachable instead of waiting for Redis or failing", async () => {
    const data = await loadJobsPage(1, undefined);
    expect(data).toEqual({ reachable: false, message: expect.stringContaining("The job queue is unreachable") });
  }, 30_000);

  it("a retry answers UNAVAILABLE (a message on the form), not an error page", async () => {
    const refused = await retryFailedJob(1, "u_nobody", { queue: "imports", jobId: "import-run-1-1" }).then(
      () => null,
      (err: unknown) => err as { code?: string },
    );
    expect(refused?.code).toBe("UNAVAILABLE");
  }, 30_000);
});
