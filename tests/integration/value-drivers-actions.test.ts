import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The server actions read the signed-in user from the session cookie; here the test decides who is signed in.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

import * as actions from "../../app/w/[workspace]/value-drivers/actions.ts";
import { executeClustersRun } from "../../lib/analytics/clusters/execute-clusters-run.ts";
import { readValueDrivers } from "../../lib/analytics/clusters/cluster-views.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { countDefinition } from "../../lib/segments/count-definition.ts";
import { explainForCustomer } from "../../lib/segments/explain-for-customer.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { generateRetailer, writeRetailer } from "./value-clusters-fixtures.ts";

/**
 * The Value drivers page's actions, as each role calls them: renaming (admins
 * and marketers), a segment from a cluster (everyone who builds segments),
 * re-running (admins and analysts); each in its own workspace only.
 */

interface Team {
  slug: string;
  workspaceId: number;
  admin: string;
  marketer: string;
  analyst: string;
  runId: number;
}

async function team(seed: number): Promise<Team> {
  const ws = await createWorkspace({ timezone: "UTC" });
  const [admin, marketer, analyst] = await Promise.all([createUser(ws.id, "ADMIN"), createUser(ws.id, "MARKETER"), createUser(ws.id, "ANALYST")]);
  await writeRetailer(ws.id, generateRetailer(20, seed));
  const run = await pool.query<{ id: number }>(
    `INSERT INTO analytics_run (workspace_id, kind, status, trigger, params) VALUES ($1, 'clusters', 'QUEUED', 'manual', $2::jsonb) RETURNING id`,
    [ws.id, JSON.stringify({ asOf: "2026-10-01T00:00:00Z", k: 4 })],
  );
  await executeClustersRun(ws.id, run.rows[0]!.id);
  return { slug: ws.slug, workspaceId: ws.id, admin: admin.id, marketer: marketer.id, analyst: analyst.id, runId: run.rows[0]!.id };
}

let a: Team;
let b: Team;

beforeAll(async () => {
  [a, b] = await Promise.all([team(3), team(4)]);
});

afterAll(async () => {
  await closeQueues();
});

const as = (userId: string | null) => {
  session.userId = userId;
};

describe("renaming a cluster", () => {
  it("is for admins and marketers; an analyst is refused and the name is unchanged", async () => {
    as(a.analyst);
    expect(await actions.renameClusterAction(a.slug, { runId: a.runId, cluster: 0, name: "Bargain hunters" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await readValueDrivers(a.workspaceId))!.clusters[0]!.renamed).toBe(false);
    as(a.marketer);
    expect(await actions.renameClusterAction(a.slug, { runId: a.runId, cluster: 0, name: "Bargain hunters" })).toEqual({ ok: true, data: { name: "Bargain hunters" } });
    const view = (await readValueDrivers(a.workspaceId))!;
    expect(view.clusters[0]).toMatchObject({ name: "Bargain hunters", renamed: true });
    as(a.admin);
    // Empty restores the automatic name.
    expect(await actions.renameClusterAction(a.slug, { runId: a.runId, cluster: 0, name: "  " })).toEqual({ ok: true, data: { name: view.clusters[0]!.autoName } });
  });

  it("refuses a name too long, naming the field, and another workspace's run as out of date", async () => {
    as(a.admin);
    const long = await actions.renameClusterAction(a.slug, { runId: a.runId, cluster: 0, name: "x".repeat(81) });
    expect(long).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { name: expect.stringContaining("80") } });
    // b's run id from a's workspace: nothing in b changes.
    expect(await actions.renameClusterAction(a.slug, { runId: b.runId, cluster: 0, name: "Hijack" })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect((await readValueDrivers(b.workspaceId))!.clusters.every((c) => !c.renamed)).toBe(true);
    // A non-member gets the same answer as for a workspace that does not exist.
    as(b.admin);
    expect(await actions.renameClusterAction(a.slug, { runId: a.runId, cluster: 0, name: "Hijack" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("a segment from a cluster", () => {
  it("freezes exactly the cluster's customers, for any role, and its rule counts the same customers", async () => {
    as(a.analyst);
    const result = await actions.createClusterSegmentAction(a.slug, { runId: a.runId, cluster: 1, name: "Cluster two" });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const members = await pool.query<{ id: string }>(`SELECT customer_id::text AS id FROM segment_membership WHERE segment_id = $1 ORDER BY 1`, [result.data.segmentId]);
    const cluster = await pool.query<{ id: string }>(`SELECT customer_id::text AS id FROM customer_feature WHERE workspace_id = $1 AND cluster = 1 ORDER BY 1`, [a.workspaceId]);
    expect(members.rows.map((r) => r.id)).toEqual(cluster.rows.map((r) => r.id));
    expect(result.data.size).toBe(cluster.rows.length);
    expect(cluster.rows.length).toBeGreaterThan(0);
    // The rule itself (live), over two clusters.
    const count = await countDefinition(a.workspaceId, {
      definition: { version: 1, root: { id: "r", type: "group", combinator: "and", children: [{ id: "c", type: "cluster", clusters: [0, 2] }] } },
    });
    const direct = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer_feature WHERE workspace_id = $1 AND cluster IN (0, 2)`, [a.workspaceId]);
    expect(count.size).toBe(direct.rows[0]!.n);
    // Explained in words with the cluster's name: true for a member, false for a customer of another cluster.
    const name = (await readValueDrivers(a.workspaceId))!.clusters[1]!.name;
    const member = await explainForCustomer(a.workspaceId, "USD", result.data.segmentId, cluster.rows[0]!.id);
    expect(member.root.children![0]).toMatchObject({ label: `In value cluster “${name}”`, result: true });
    const other = await pool.query<{ id: string }>(`SELECT customer_id::text AS id FROM customer_feature WHERE workspace_id = $1 AND cluster = 0 LIMIT 1`, [a.workspaceId]);
    expect((await explainForCustomer(a.workspaceId, "USD", result.data.segmentId, other.rows[0]!.id)).root.children![0]!.result).toBe(false);
  });

  it("is refused for a cluster of another workspace's run", async () => {
    as(a.admin);
    expect(await actions.createClusterSegmentAction(a.slug, { runId: b.runId, cluster: 0, name: "Not ours" })).toMatchObject({ ok: false, code: "CONFLICT" });
  });
});

describe("re-running", () => {
  it("is for admins and analysts; a marketer is refused and no run is queued", async () => {
    const runs = async () => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM analytics_run WHERE workspace_id = $1 AND kind = 'clusters'`, [a.workspaceId])).rows[0]!.n;
    const before = await runs();
    as(a.marketer);
    expect(await actions.rerunClustersAction(a.slug, { k: 5 })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await runs()).toBe(before);
    as(a.analyst);
    expect(await actions.rerunClustersAction(a.slug, { k: 13 })).toMatchObject({ ok: false, code: "VALIDATION" });
    const queued = await actions.rerunClustersAction(a.slug, { k: 5 });
    expect(queued).toMatchObject({ ok: true, data: { alreadyPending: false } });
    // A second click while it is pending gets the same run.
    as(a.admin);
    const again = await actions.rerunClustersAction(a.slug, { k: "auto" });
    expect(again).toMatchObject({ ok: true, data: { alreadyPending: true } });
    if (!queued.ok || !again.ok) throw new Error("unreachable");
    expect(again.data.runId).toBe(queued.data.runId);
    const params = await pool.query<{ params: { k: number } }>(`SELECT params FROM analytics_run WHERE id = $1`, [queued.data.runId]);
    expect(params.rows[0]!.params.k).toBe(5);
  });
});
