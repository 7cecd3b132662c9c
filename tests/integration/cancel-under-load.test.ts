import { afterAll, describe, expect, it } from "vitest";
import { env } from "../../lib/env.ts";
import { pool } from "../../lib/db/pool.ts";
import { withTransaction } from "../../lib/db/transaction.ts";
import { errorResponse } from "../../lib/next/error-response.ts";

/**
 * Abandoned requests cancel their statements without needing a pooled
 * connection. Cancelling through the pool deadlocked it: with every
 * connection held by a query waiting to be cancelled, no cancel could ever
 * get a connection, and the pool stayed full of "idle in transaction"
 * sessions until the server was killed.
 */
afterAll(async () => {
  await pool.end();
});

async function ourBackends(): Promise<{ state: string; query: string }[]> {
  // A separate connection outside the pool, so this check never waits on it.
  const { default: pg } = await import("pg");
  const probe = new pg.Client({ connectionString: env.DATABASE_URL });
  await probe.connect();
  try {
    const res = await probe.query<{ state: string; query: string }>(
      `SELECT state, query FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'valueloop' AND pid <> pg_backend_pid()
          AND (state = 'idle in transaction' OR query LIKE '%pg_sleep(30)%')`,
    );
    return res.rows;
  } finally {
    await probe.end();
  }
}

describe("abandoning more transactions than the pool has connections", () => {
  it("cancels every statement, frees the pool and leaves nothing idle in a transaction", async () => {
    const n = env.DB_POOL_SIZE * 3;
    const controllers = Array.from({ length: n }, () => new AbortController());
    const settled = controllers.map((c) =>
      withTransaction((client) => client.query("SELECT pg_sleep(30) /* cancel-under-load */"), { readOnly: true, signal: c.signal }).then(
        () => "finished" as const,
        (err: unknown) => err as Error,
      ),
    );
    // Let the first DB_POOL_SIZE statements start; the rest wait for a connection.
    await new Promise((r) => setTimeout(r, 1_000));
    const abandonedAt = Date.now();
    for (const c of controllers) c.abort();
    const results = await Promise.all(settled);
    const tookMs = Date.now() - abandonedAt;

    expect(results.every((r) => r !== "finished")).toBe(true);
    // Well under the 30 s the statements would have run.
    expect(tookMs).toBeLessThan(10_000);

    // The pool answers at once, and no session is left behind.
    const ok = await pool.query<{ one: number }>("SELECT 1 AS one");
    expect(ok.rows[0]!.one).toBe(1);
    let left = await ourBackends();
    for (let i = 0; i < 20 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = await ourBackends();
    }
    expect(left).toEqual([]);
  });

  it("a transaction whose signal never fires commits as usual", async () => {
    const controller = new AbortController();
    const value = await withTransaction(async (client) => (await client.query<{ v: number }>("SELECT 42 AS v")).rows[0]!.v, { signal: controller.signal });
    expect(value).toBe(42);
  });

  it("an already abandoned request runs nothing", async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    await expect(
      withTransaction(async () => {
        ran = true;
      }, { signal: controller.signal }),
    ).rejects.toThrow();
    expect(ran).toBe(false);
  });
});

describe("a busy database answers 503 with Retry-After, not 500", () => {
  it("maps a pool that gives up waiting for a connection, and a statement stopped at its timeout", async () => {
    const { default: pg } = await import("pg");
    const small = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1, connectionTimeoutMillis: 200 });
    const held = await small.connect();
    const waited = await small.connect().then(
      () => null,
      (err: unknown) => err,
    );
    held.release();
    const timedOut = await withTransaction(async (client) => {
      await client.query("SET LOCAL statement_timeout = 50");
      await client.query("SELECT pg_sleep(2)");
    }).then(
      () => null,
      (err: unknown) => err,
    );
    await small.end();
    for (const err of [waited, timedOut]) {
      expect(err).not.toBeNull();
      const res = errorResponse(err);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
    }
  });
});
