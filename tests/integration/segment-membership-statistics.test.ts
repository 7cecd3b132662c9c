import { describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { MEMBERSHIP_ANALYZE_MIN_CHANGES } from "../../lib/segments/apply-membership.ts";
import { createSegment } from "../../lib/segments/create-segment.ts";
import { refreshSegment } from "../../lib/segments/refresh-segment.ts";
import { createTestWorkspace, definitionOf } from "../../lib/segments/testing/segment-test-data.ts";

const inFrance = definitionOf({ type: "attribute", field: "country", match: { op: "equals", value: "FR" } });

async function membershipRowsPlanned(): Promise<number> {
  const res = await pool.query<{ reltuples: number }>(`SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'segment_membership'::regclass`);
  return res.rows[0]!.reltuples;
}

async function memberPagePlan(workspaceId: number, segmentId: number): Promise<string> {
  // The member page's cut (lib/segments/segment-members.ts).
  const res = await pool.query<{ "QUERY PLAN": string }>(
    `EXPLAIN SELECT customer_id, entered_at FROM segment_membership
      WHERE segment_id = $2::int4 AND workspace_id = $1::int4 AND customer_id > 0 ORDER BY customer_id LIMIT 51`,
    [workspaceId, segmentId],
  );
  return res.rows.map((r) => r["QUERY PLAN"]).join("\n");
}

describe("planner statistics after a large refresh", () => {
  it("a refresh that changes more than a tenth of the memberships re-analyses them, so a member page reads the index instead of sorting every member", async () => {
    const workspaceId = await createTestWorkspace();
    const customers = MEMBERSHIP_ANALYZE_MIN_CHANGES + 5_000;
    await pool.query(
      `INSERT INTO customer (workspace_id, external_id, country) SELECT $1::int4, 'stat-' || g, 'FR' FROM generate_series(1, $2::int4) g`,
      [workspaceId, customers],
    );
    const { segment } = await createSegment(workspaceId, null, { name: "France", definition: inFrance });
    const diff = await refreshSegment(workspaceId, segment.id);
    expect(diff.entered).toBe(customers);
    // Without the analyse the table keeps the estimate of whatever was there before (here, next to nothing).
    expect(await membershipRowsPlanned()).toBeGreaterThanOrEqual(customers * 0.9);
    const plan = await memberPagePlan(workspaceId, segment.id);
    expect(plan).toMatch(/Index (Only )?Scan/);
    expect(plan).not.toMatch(/Sort/);
  }, 60_000);
});
