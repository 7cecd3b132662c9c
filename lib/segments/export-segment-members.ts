import { cursorRows } from "../db/cursor-rows.ts";
import { AppError } from "../errors.ts";
import { csvLine } from "./csv-line.ts";
import { isSegmentId } from "./segment-input.schema.ts";

export const SEGMENT_EXPORT_COLUMNS = [
  "customer_id",
  "external_id",
  "email",
  "first_name",
  "last_name",
  "phone",
  "country",
  "entered_at",
  "predicted_clv_12m",
  "rfm_segment",
  "p_alive",
  "email_consent",
  "sms_consent",
  "push_consent",
] as const;

interface ExportRow {
  id: string;
  external_id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  country: string | null;
  entered_at: Date;
  predicted_clv_12m: number | null;
  rfm_segment: string | null;
  p_alive: number | null;
  email_consent: boolean;
  sms_consent: boolean;
  push_consent: boolean;
}

const n = (v: number | null) => (v === null ? null : String(v));

/**
 * The segment's stored members as CSV lines (header first), read through a
 * server-side cursor in one read-only snapshot (`cursorRows`): memory stays at
 * one batch whatever the size. The segment is looked up in that snapshot
 * before the header, so a missing one is a NOT_FOUND before anything streams.
 */
export async function* exportSegmentMembersCsv(workspaceId: number, segmentId: number, options: { batchSize?: number } = {}): AsyncGenerator<string> {
  if (!isSegmentId(segmentId)) throw new AppError("NOT_FOUND", "Segment not found");
  const batches = cursorRows<ExportRow>(
    `SELECT c.id::text AS id, c.external_id, c.email, c.first_name, c.last_name, c.phone, c.country::text AS country, sm.entered_at,
            m.predicted_clv_12m, m.rfm_segment, m.p_alive, c.email_consent, c.sms_consent, c.push_consent
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
        yield csvLine([
          r.id,
          r.external_id,
          r.email,
          r.first_name,
          r.last_name,
          r.phone,
          r.country,
          r.entered_at.toISOString(),
          n(r.predicted_clv_12m),
          r.rfm_segment,
          n(r.p_alive),
          String(r.email_consent),
          String(r.sms_consent),
          String(r.push_consent),
        ]);
      }
      next = await iterator.next();
    }
  } finally {
    // A consumer that stops early closes the cursor and returns the connection.
    await iterator.return?.(undefined);
  }
}
