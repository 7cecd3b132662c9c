import { cursorRows } from "../db/cursor-rows.ts";
import { AppError } from "../errors.ts";
import { CONSENT_CSV_COLUMNS, CONSENT_SQL, consentCells, IDENTITY_CSV_COLUMNS, IDENTITY_SQL, identityCells, numberCell, VALUE_SQL } from "../customers/value-columns.ts";
import type { ConsentRow, IdentityRow, ValueRow } from "../customers/value-columns.ts";
import { csvLine } from "./csv-line.ts";
import { isSegmentId } from "./segment-input.schema.ts";

export const SEGMENT_EXPORT_COLUMNS = [
  ...IDENTITY_CSV_COLUMNS,
  "entered_at",
  "predicted_clv_12m",
  "rfm_segment",
  "p_alive",
  ...CONSENT_CSV_COLUMNS,
] as const;

interface ExportRow extends IdentityRow, ValueRow, ConsentRow {
  entered_at: Date;
}

/**
 * The segment's stored members as CSV lines (header first), read through a
 * server-side cursor in one read-only snapshot (`cursorRows`): memory stays at
 * one batch whatever the size. The segment is looked up in that snapshot
 * before the header, so a missing one is a NOT_FOUND before anything streams.
 */
export async function* exportSegmentMembersCsv(workspaceId: number, segmentId: number, options: { batchSize?: number } = {}): AsyncGenerator<string> {
  if (!isSegmentId(segmentId)) throw new AppError("NOT_FOUND", "Segment not found");
  const batches = cursorRows<ExportRow>(
    `SELECT ${IDENTITY_SQL}, sm.entered_at, ${VALUE_SQL}, ${CONSENT_SQL}
     FROM segment_membership sm JOIN customer c ON c.id = sm.customer_id AND c.workspace_id = $1::int4
     LEFT JOIN customer_metrics m ON m.customer_id = sm.customer_id
     WHERE sm.segment_id = $2::int4 AND sm.workspace_id = $1::int4
     ORDER BY sm.customer_id`,
    [workspaceId, segmentId],
    {
      batchSize: options.batchSize,
      before: async (query) => {
        const found = await query(`SELECT 1 FROM segment WHERE id = $1::int4 AND workspace_id = $2::int4`, [segmentId, workspaceId]);
        if (found.rowCount === 0) throw new AppError("NOT_FOUND", "Segment not found");
      },
    },
  );
  const iterator = batches[Symbol.asyncIterator]();
  try {
    // The first pull runs the lookup and opens the cursor: only then is the header a promise kept.
    let next = await iterator.next();
    yield csvLine(SEGMENT_EXPORT_COLUMNS);
    while (!next.done) {
      for (const r of next.value) {
        yield csvLine([...identityCells(r), r.entered_at.toISOString(), numberCell(r.predicted_clv_12m), r.rfm_segment, numberCell(r.p_alive), ...consentCells(r)]);
      }
      next = await iterator.next();
    }
  } finally {
    // A consumer that stops early closes the cursor and returns the connection.
    await iterator.return?.(undefined);
  }
}
