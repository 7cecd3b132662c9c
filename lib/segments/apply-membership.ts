import type pg from "pg";
import type { CompiledSegmentQuery } from "./compile-segment.ts";
import { appendParam } from "./sql-params.ts";

/** Advisory-lock namespace for segment membership writes (second key: the segment id). */
export const SEGMENT_LOCK_NAMESPACE = 0x5e6_0001;

/** Serialises membership writes to one segment until the transaction ends. */
export async function lockSegment(client: pg.PoolClient, segmentId: number): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock($1::int4, $2::int4)`, [SEGMENT_LOCK_NAMESPACE, segmentId]);
}

export interface MembershipDiff {
  size: number;
  entered: number;
  exited: number;
  refreshedAt: Date;
}

/** The one statement that turns the stored membership into the compiled query's result. */
function membershipDiffStatement(workspaceId: number, segmentId: number, compiled: CompiledSegmentQuery): { text: string; values: unknown[] } {
  const values = [...compiled.values];
  // The compiled query binds the workspace id first, as $1.
  const ws = "$1::int4";
  if (values[0] !== workspaceId) throw new Error("compiled query belongs to another workspace");
  const seg = appendParam(values, segmentId, "int4");
  // Set operations, not anti-joins: when the table's statistics are stale (right after a first large
  // refresh) the planner may turn NOT EXISTS into a nested loop over segment_membership while this very
  // statement inserts into it, which is quadratic. EXCEPT reads both sides in full before emitting a row,
  // and the delete probes an array, so the cost stays linear whatever the statistics say.
  const text = `WITH target AS MATERIALIZED (${compiled.text}),
     current_members AS MATERIALIZED (
       SELECT customer_id FROM segment_membership WHERE segment_id = ${seg} AND workspace_id = ${ws}),
     leaving AS MATERIALIZED (
       SELECT customer_id FROM current_members EXCEPT SELECT customer_id FROM target),
     joining AS MATERIALIZED (
       SELECT customer_id FROM target EXCEPT SELECT customer_id FROM current_members),
     exited AS (
       DELETE FROM segment_membership sm
       WHERE sm.segment_id = ${seg} AND sm.workspace_id = ${ws} AND sm.customer_id = ANY (ARRAY(SELECT customer_id FROM leaving))
       RETURNING sm.customer_id),
     entered AS (
       INSERT INTO segment_membership (segment_id, customer_id, workspace_id, entered_at)
       SELECT ${seg}, customer_id, ${ws}, now() FROM joining
       ON CONFLICT DO NOTHING
       RETURNING customer_id),
     transitions AS (
       INSERT INTO segment_transition (workspace_id, segment_id, customer_id, kind, at)
       SELECT ${ws}, ${seg}, customer_id, 'ENTERED'::"TransitionKind", now() FROM entered
       UNION ALL
       SELECT ${ws}, ${seg}, customer_id, 'EXITED'::"TransitionKind", now() FROM exited
       RETURNING 1)
     SELECT (SELECT count(*) FROM target) AS size,
            (SELECT count(*) FROM entered) AS entered,
            (SELECT count(*) FROM exited) AS exited,
            (SELECT count(*) FROM transitions) AS recorded,
            now() AS at`;
  return { text, values };
}

/**
 * Makes the stored membership equal to the compiled query's result, in one
 * set-based statement: new members are inserted and recorded ENTERED, members
 * no longer matching are deleted and recorded EXITED, unchanged members are
 * untouched (so a second run with the same data changes nothing). Then the
 * segment's size and refresh time are updated and the size appended to its
 * history. Call inside a transaction that holds lockSegment.
 */
export async function applySegmentMembership(
  client: pg.PoolClient,
  workspaceId: number,
  segmentId: number,
  compiled: CompiledSegmentQuery,
): Promise<MembershipDiff> {
  const statement = membershipDiffStatement(workspaceId, segmentId, compiled);
  const diff = await client.query<{ size: string; entered: string; exited: string; at: Date }>(statement.text, statement.values);
  const row = diff.rows[0]!;
  const size = Number(row.size);
  await client.query(`UPDATE segment SET size = $1::int4, last_refreshed_at = now() WHERE id = $2::int4 AND workspace_id = $3::int4`, [
    size,
    segmentId,
    workspaceId,
  ]);
  await client.query(
    // The caller holds the segment row locked, so the version read here is the one the members were computed with.
    `INSERT INTO segment_size_history (segment_id, at, workspace_id, size, definition_version)
     VALUES ($1::int4, now(), $2::int4, $3::int4, (SELECT definition_version FROM segment WHERE id = $1::int4))
     ON CONFLICT (segment_id, at) DO UPDATE SET size = EXCLUDED.size, definition_version = EXCLUDED.definition_version`,
    [segmentId, workspaceId, size],
  );
  await refreshMembershipStatistics(client, Number(row.entered) + Number(row.exited));
  return { size, entered: Number(row.entered), exited: Number(row.exited), refreshedAt: row.at };
}

/** Fewer changed memberships than this never re-analyse the table (autovacuum's own threshold is 50 rows + 10%). */
export const MEMBERSHIP_ANALYZE_MIN_CHANGES = 10_000;

/**
 * Re-analyses segment_membership when one refresh changed more than a tenth
 * of it. A member page cuts its rows from the (segment, customer) index only
 * when the planner knows the segment is large; with statistics from before a
 * big refresh it expects a handful of rows and sorts all 786k members of a
 * segment for every page view (334 ms at 1M customers) until autoanalyze
 * catches up, or forever where autovacuum is off. ANALYZE samples a fixed
 * number of rows (tens of milliseconds) and, inside this transaction, counts
 * its own inserts as live and its own deletes as gone.
 */
async function refreshMembershipStatistics(client: pg.PoolClient, changed: number): Promise<void> {
  if (changed < MEMBERSHIP_ANALYZE_MIN_CHANGES) return;
  const res = await client.query<{ reltuples: number }>(`SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'segment_membership'::regclass`);
  const known = res.rows[0]?.reltuples ?? -1;
  if (known >= 0 && changed <= known * 0.1) return;
  await client.query("ANALYZE segment_membership");
}
