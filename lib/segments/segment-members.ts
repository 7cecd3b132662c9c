import { CONSENT_SQL, IDENTITY_SQL, VALUE_SQL, type ConsentRow, type IdentityRow, type ValueRow } from "../customers/value-columns.ts";
import { pool } from "../db/pool.ts";
import { AppError } from "../errors.ts";
import { isSegmentId, membersPageInputSchema, type MembersPageInput } from "./segment-input.schema.ts";

export interface SegmentMember {
  customerId: string;
  externalId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  enteredAt: Date;
  /** Value columns as of the last analytics run (null before one). */
  predictedClv12m: number | null;
  rfmSegment: string | null;
  pAlive: number | null;
  consent: { email: boolean; sms: boolean; push: boolean };
}

export interface SegmentMembersPage {
  members: SegmentMember[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function assertSegmentInWorkspace(workspaceId: number, segmentId: number): Promise<void> {
  if (!isSegmentId(segmentId)) throw new AppError("NOT_FOUND", "Segment not found");
  const res = await pool.query(`SELECT 1 FROM segment WHERE id = $1::int4 AND workspace_id = $2::int4`, [segmentId, workspaceId]);
  if (res.rowCount === 0) throw new AppError("NOT_FOUND", "Segment not found");
}

/** One page of stored members, in customer id order (keyset: constant cost at any depth). */
export async function listSegmentMembers(workspaceId: number, segmentId: number, input: MembersPageInput = {}): Promise<SegmentMembersPage> {
  const { after, limit } = membersPageInputSchema.parse(input);
  await assertSegmentInWorkspace(workspaceId, segmentId);
  const res = await pool.query<IdentityRow & ValueRow & ConsentRow & { entered_at: Date }>(
    // The page is cut from the membership index before the join, so a stale row estimate cannot make
    // the planner join every remaining member first.
    `SELECT ${IDENTITY_SQL}, sm.entered_at, ${VALUE_SQL}, ${CONSENT_SQL}
     FROM (SELECT customer_id, entered_at FROM segment_membership
           WHERE segment_id = $2::int4 AND workspace_id = $1::int4 AND customer_id > $3::int8
           ORDER BY customer_id LIMIT $4::int4) sm
     JOIN customer c ON c.id = sm.customer_id AND c.workspace_id = $1::int4
     LEFT JOIN customer_metrics m ON m.customer_id = sm.customer_id
     ORDER BY sm.customer_id`,
    [workspaceId, segmentId, after ?? "0", limit + 1],
  );
  const rows = res.rows.slice(0, limit);
  return {
    members: rows.map((r) => ({
      customerId: r.id,
      externalId: r.external_id,
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      enteredAt: r.entered_at,
      predictedClv12m: r.predicted_clv_12m,
      rfmSegment: r.rfm_segment,
      pAlive: r.p_alive,
      consent: { email: r.email_consent, sms: r.sms_consent, push: r.push_consent },
    })),
    nextCursor: res.rows.length > limit ? rows[rows.length - 1]!.id : null,
  };
}
