import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "../../lib/env.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { exportSegmentMembersCsv } from "../../lib/segments/export-segment-members.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import * as listRoute from "../../app/api/w/[workspace]/segments/route.ts";
import * as exportRoute from "../../app/api/w/[workspace]/segments/[segmentId]/export/route.ts";
import { NESTED_DEFINITION, call, seedShop } from "./segment-api-support.ts";

/**
 * A download nobody reads must not keep a pooled connection: a browser that
 * closes the tab before or during an export, or a consumer that stops
 * pulling and never says so. Under twenty people at once, ten such exports
 * used to hold every connection of the web server's pool for good.
 */
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

let slug: string;
let workspaceId: number;
let segmentId: number;

beforeAll(async () => {
  const ws = await createWorkspace();
  slug = ws.slug;
  workspaceId = ws.id;
  session.userId = (await createUser(ws.id, "ANALYST")).id;
  await seedShop(ws.id);
  const created = await call(listRoute.POST, `/api/w/${slug}/segments`, { workspace: slug }, { method: "POST", body: JSON.stringify({ name: "Export me", kind: "STATIC", definition: NESTED_DEFINITION }) });
  segmentId = (created.json as { segment: { id: number } }).segment.id;
});

afterAll(async () => {
  await closeQueues();
  await pool.end();
});

async function exportSessions(): Promise<number[]> {
  const probe = new pg.Client({ connectionString: env.DATABASE_URL });
  await probe.connect();
  try {
    const res = await probe.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND (query LIKE 'DECLARE rows_out%' OR query LIKE 'FETCH % FROM rows_out')`);
    return res.rows.map((r) => r.pid);
  } finally {
    await probe.end();
  }
}

async function until(check: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe("abandoned exports", () => {
  it("a request already gone when the export starts closes its cursor at once", async () => {
    const controller = new AbortController();
    const req = new NextRequest(`http://valueloop.test/api/w/${slug}/segments/${segmentId}/export`, { signal: controller.signal });
    const pending = exportRoute.GET(req, { params: Promise.resolve({ workspace: slug, segmentId: String(segmentId) }) });
    controller.abort();
    await pending.catch(() => undefined);
    expect(await until(async () => (await exportSessions()).length === 0)).toBe(true);
  });

  it("a consumer that stops pulling gives its connection back when the server ends the idle session", async () => {
    // Batches of one member, so each cursor still has rows left after the first batch.
    const stalled = Array.from({ length: env.DB_POOL_SIZE }, () => exportSegmentMembersCsv(workspaceId, segmentId, { batchSize: 1 }));
    // Each reads its header and then is never resumed: the pool is full of open cursors.
    for (const lines of stalled) expect((await lines.next()).value).toContain("customer_id");
    expect(pool.totalCount - pool.idleCount).toBe(env.DB_POOL_SIZE);
    // What idle_in_transaction_session_timeout does to them on the server.
    const pids = await exportSessions();
    expect(pids).toHaveLength(env.DB_POOL_SIZE);
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [pids]);
    await admin.end();
    // The pool has its connections back without anyone resuming the exports.
    expect(await until(async () => pool.totalCount - pool.idleCount === 0)).toBe(true);
    const ok = await pool.query<{ one: number }>("SELECT 1 AS one");
    expect(ok.rows[0]!.one).toBe(1);
    // A resumed export reports the loss rather than ending as if complete.
    // (The rows of the batch already read come first; the loss surfaces at the next fetch.)
    const drain = async () => {
      for (;;) if ((await stalled[0]!.next()).done) return;
    };
    await expect(drain()).rejects.toThrow();
  });
});
