import { pool } from "../db/pool.ts";
import { assertSegmentInWorkspace } from "./segment-members.ts";

export interface SegmentOverlap {
  onlyA: number;
  onlyB: number;
  both: number;
  /** Customers in either segment. */
  union: number;
}

/** How two segments' stored memberships overlap (as of their last refresh). */
export async function segmentOverlap(workspaceId: number, segmentA: number, segmentB: number): Promise<SegmentOverlap> {
  await assertSegmentInWorkspace(workspaceId, segmentA);
  await assertSegmentInWorkspace(workspaceId, segmentB);
  const res = await pool.query<{ only_a: string; only_b: string; both: string }>(
    `SELECT count(*) FILTER (WHERE b.customer_id IS NULL) AS only_a,
            count(*) FILTER (WHERE a.customer_id IS NULL) AS only_b,
            count(*) FILTER (WHERE a.customer_id IS NOT NULL AND b.customer_id IS NOT NULL) AS both
     FROM (SELECT customer_id FROM segment_membership WHERE segment_id = $2::int4 AND workspace_id = $1::int4) a
     FULL JOIN (SELECT customer_id FROM segment_membership WHERE segment_id = $3::int4 AND workspace_id = $1::int4) b
       ON a.customer_id = b.customer_id`,
    [workspaceId, segmentA, segmentB],
  );
  const row = res.rows[0]!;
  const onlyA = Number(row.only_a);
  const onlyB = Number(row.only_b);
  const both = Number(row.both);
  return { onlyA, onlyB, both, union: onlyA + onlyB + both };
}
