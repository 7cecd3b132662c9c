import { afterAll, describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { countSegment } from "../../lib/segments/count-segment.ts";
import { createWorkspace } from "../support/factories.ts";
import { countSegmentCancellable } from "../../lib/segments/count-definition.ts";
import { NESTED_DEFINITION, seedShop } from "./segment-api-support.ts";

afterAll(async () => {
  await pool.end();
});

/** 150 "email contains …" rules: seconds of work over 80k customers, without needing orders or events. */
function slowDefinition() {
  return {
    version: 1,
    root: {
      id: "root",
      type: "group",
      combinator: "or",
      children: Array.from({ length: 150 }, (_, i) => ({ id: `r${i}`, type: "attribute", field: "email", match: { op: "contains", value: `nobody-${i}@` } })),
    },
  };
}

/** Counts running that look like this test's (other files count in parallel; pg_stat_activity keeps only the query's first 1 kB). */
async function activeSlowCounts(): Promise<number> {
  const res = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE state = 'active' AND datname = current_database() AND pid <> pg_backend_pid()
       AND query LIKE 'WITH matched AS MATERIALIZED%' AND query LIKE '%(strpos(c.email, $2::text) > 0) OR (strpos(c.email, $3::text)%'`,
  );
  return res.rows[0]!.n;
}

describe("the builder's cancellable count", () => {
  it("answers exactly what the engine's count answers", async () => {
    const ws = await createWorkspace();
    await seedShop(ws.id);
    const engine = await countSegment(ws.id, NESTED_DEFINITION, { sampleSize: 3 });
    const mine = await countSegmentCancellable(ws.id, NESTED_DEFINITION, { sampleSize: 3 });
    expect(mine).toEqual(engine);
  });

  it("stops the database query when the request is abandoned", async () => {
    const ws = await createWorkspace();
    await pool.query(
      `INSERT INTO customer (workspace_id, external_id, email) SELECT $1, 'bulk-' || i, 'shopper' || i || '@example.test' FROM generate_series(1, 80000) i`,
      [ws.id],
    );
    const controller = new AbortController();
    const started = countSegmentCancellable(ws.id, slowDefinition(), { sampleSize: 10, signal: controller.signal });
    const outcome = started.then(
      () => "finished",
      (err: { code?: string }) => err.code ?? "other error",
    );
    // Abandon it once Postgres is working on it, as the builder does when the marketer keeps typing.
    for (let i = 0; i < 200 && (await activeSlowCounts()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await activeSlowCounts()).toBe(1);
    controller.abort();
    expect(await outcome).toBe("57014");
    expect(await activeSlowCounts()).toBe(0);
  });

  it("gives up on a count that runs past its time limit, with Postgres' cancel code", async () => {
    const ws = await createWorkspace();
    await pool.query(
      `INSERT INTO customer (workspace_id, external_id, email) SELECT $1, 'bulk-' || i, 'shopper' || i || '@example.test' FROM generate_series(1, 80000) i`,
      [ws.id],
    );
    const outcome = await countSegment(ws.id, slowDefinition(), { sampleSize: 1, timeoutMs: 50 }).then(
      () => "finished",
      (err: { code?: string }) => err.code ?? "other error",
    );
    expect(outcome).toBe("57014");
    // The connection went back to the pool usable: the next count answers.
    expect((await countSegment(ws.id, NESTED_DEFINITION, { sampleSize: 0 })).totalCustomers).toBe(80_000);
  });

  it("does not start at all for a request already abandoned", async () => {
    const ws = await createWorkspace();
    const controller = new AbortController();
    controller.abort();
    await expect(countSegmentCancellable(ws.id, NESTED_DEFINITION, { sampleSize: 1, signal: controller.signal })).rejects.toThrow();
  });

  it("fails cleanly when the server drops the count's connection, and the next count answers", async () => {
    const ws = await createWorkspace();
    await pool.query(
      `INSERT INTO customer (workspace_id, external_id, email) SELECT $1, 'bulk-' || i, 'shopper' || i || '@example.test' FROM generate_series(1, 80000) i`,
      [ws.id],
    );
    // Injected fault: the server ends the backend mid-query (a restart or failover looks the same to the client).
    const outcome = countSegment(ws.id, slowDefinition(), { sampleSize: 1 }).then(
      () => "finished",
      (err: { code?: string }) => err.code ?? "other error",
    );
    for (let i = 0; i < 200 && (await activeSlowCounts()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE state = 'active' AND datname = current_database() AND pid <> pg_backend_pid()
         AND query LIKE 'WITH matched AS MATERIALIZED%' AND query LIKE '%(strpos(c.email, $2::text) > 0) OR (strpos(c.email, $3::text)%'`,
    );
    expect(await outcome).toBe("57P01");
    expect((await countSegment(ws.id, NESTED_DEFINITION, { sampleSize: 0 })).totalCustomers).toBe(80_000);
  });
});
