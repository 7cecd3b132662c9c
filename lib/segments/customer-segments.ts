import { pool } from "../db/pool.ts";

export interface CustomerSegment {
  id: number;
  name: string;
  kind: "DYNAMIC" | "STATIC";
  lastRefreshedAt: Date | null;
  /** When the customer entered it (stored membership), or null when not a member. */
  enteredAt: Date | null;
}

/**
 * The workspace's active segments as seen from one customer: the ones they
 * are in first, then the rest by name, at most `limit`, with how many there
 * are in all (the membership rows are looked up per segment, by primary key).
 */
export async function listCustomerSegments(workspaceId: number, customerId: string, limit = 100): Promise<{ segments: CustomerSegment[]; total: number }> {
  const res = await pool.query<CustomerSegment & { total: string }>(
    `SELECT s.id, s.name, s.kind, s.last_refreshed_at AS "lastRefreshedAt", sm.entered_at AS "enteredAt", count(*) OVER () AS total
       FROM segment s
       LEFT JOIN segment_membership sm ON sm.segment_id = s.id AND sm.customer_id = $2::int8 AND sm.workspace_id = $1
      WHERE s.workspace_id = $1 AND s.archived_at IS NULL
      ORDER BY sm.entered_at IS NULL, s.name, s.id
      LIMIT $3`,
    [workspaceId, customerId, limit],
  );
  return { segments: res.rows.map(({ total: _total, ...s }) => s), total: Number(res.rows[0]?.total ?? 0) };
}
