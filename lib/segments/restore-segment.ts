import { AppError } from "../errors.ts";
import { withTransaction } from "../db/transaction.ts";
import { audit } from "../audit.ts";
import { lockSegmentRow } from "./refresh-segment.ts";
import { readSegmentSummary, type SegmentSummary } from "./segment-record.ts";

/**
 * Brings an archived segment back: it is refreshed and usable in rules and
 * campaigns again. Refused when an active segment has taken its name
 * meanwhile (names are unique among active segments). Restoring an active
 * segment is a no-op. The caller requests a refresh afterwards: the stored
 * members are as of the archiving.
 */
export async function restoreSegment(workspaceId: number, actorUserId: string | null, segmentId: number): Promise<SegmentSummary> {
  return withTransaction(async (client) => {
    const row = await lockSegmentRow(client, workspaceId, segmentId);
    if (row.archived_at) {
      const taken = await client.query(`SELECT 1 FROM segment WHERE workspace_id = $1::int4 AND archived_at IS NULL AND name = $2::text AND id <> $3::int4`, [
        workspaceId,
        row.name,
        row.id,
      ]);
      if (taken.rowCount) {
        const message = `Another active segment is named "${row.name}"; rename or archive it first.`;
        throw new AppError("CONFLICT", message, [{ path: "name", message }]);
      }
      await client.query(`UPDATE segment SET archived_at = NULL, updated_at = now() WHERE id = $1::int4 AND workspace_id = $2::int4`, [row.id, workspaceId]);
      await audit(client, { workspaceId, actorUserId, action: "segment.restore", targetType: "segment", targetId: String(row.id) });
    }
    return (await readSegmentSummary(client, workspaceId, row.id))!;
  });
}
