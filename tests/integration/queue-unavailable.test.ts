import { afterAll, describe, expect, it } from "vitest";

// A Redis nobody listens on: set before the queue modules read the environment.
process.env.REDIS_URL = "redis://127.0.0.1:1";
const { enqueue } = await import("../../lib/queue/enqueue.ts");
const { closeQueues } = await import("../../lib/queue/queues.ts");
const { errorResponse } = await import("../../lib/next/error-response.ts");

afterAll(async () => {
  await closeQueues();
});

describe("the job queue is down", () => {
  it("a request that needs it answers 503 with Retry-After, not a rate-limit 429", async () => {
    const err = await enqueue("segment.refresh", { workspaceId: 1, segmentId: 1 }, { jobId: "queue-down-probe" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    const res = errorResponse(err);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("job queue is unavailable");
  }, 30_000);
});
