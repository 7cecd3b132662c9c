import { AppError } from "../errors.ts";
import { withTransaction } from "../db/transaction.ts";
import { lockSegmentRow } from "./refresh-segment.ts";
import { audit } from "../audit.ts";
import { readSegmentSummary, type SegmentSummary } from "./segment-record.ts";

/**
 * Archives a segment (kept, with its membership history, but no longer
 * refreshed or usable in rules). Refused while an active segment's rules
 * still point at it. Archiving twice is a no-op.
 */
export async function archiveSegment(workspaceId: number, actorUserId: string | null, segmentId: number): Promise<SegmentSummary> {
  return withTransaction(async (client) => {
    const row = await lockSegmentRow(client, workspaceId, segmentId);
    if (!row.archived_at) {
      const users = await client.query<{ name: string }>(
        `SELECT name FROM segment
         WHERE workspace_id = $1::int4 AND archived_at IS NULL AND id <> $2::int4
           AND jsonb_path_exists(definition, '$.** ? (@.type == "segment" && @.segmentId == $id)', jsonb_build_object('id', $2::int4))
         ORDER BY name`,
        [workspaceId, row.id],
      );
      if (users.rows.length > 0) {
        throw new AppError("CONFLICT", `Segment "${row.name}" is used by ${users.rows.map((u) => `"${u.name}"`).join(", ")}`, {
          usedBy: users.rows.map((u) => u.name),
        });
      }
      await client.query(`UPDATE segment SET archived_at = now(), updated_at = now() WHERE id = $1::int4 AND workspace_id = $2::int4`, [row.id, workspaceId]);
      await audit(client, { workspaceId, actorUserId, action: "segment.archive", targetType: "segment", targetId: String(row.id) });
    }
    return (await readSegmentSummary(client, workspaceId, row.id))!;
  });
}
