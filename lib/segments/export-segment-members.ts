import { pool } from "../db/pool.ts";
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
 * server-side cursor in one read-only snapshot: memory stays at one batch
 * whatever the size. Stopping the iteration early closes the cursor and
 * returns the connection.
 */
export async function* exportSegmentMembersCsv(workspaceId: number, segmentId: number, options: { batchSize?: number } = {}): AsyncGenerator<string> {
  // FETCH takes no bind parameter, so the count is forced to a small integer here.
  const requested = options.batchSize ?? 5_000;
  const batchSize = Number.isSafeInteger(requested) ? Math.min(Math.max(requested, 1), 50_000) : 5_000;
  if (!isSegmentId(segmentId)) throw new AppError("NOT_FOUND", "Segment not found");
  const client = await pool.connect();
  let broken: Error | undefined;
  let connectionLost: Error | undefined;
  let released = false;
  const onError = (err: Error) => {
    connectionLost = err;
    // The server ended the session (e.g. idle_in_transaction_session_timeout while the consumer stopped
    // pulling without closing us): give the pool its slot back now rather than when, if ever, we resume.
    if (!released) {
      released = true;
      client.release(err);
    }
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const found = await client.query(`SELECT 1 FROM segment WHERE id = $1::int4 AND workspace_id = $2::int4`, [segmentId, workspaceId]);
    if (found.rowCount === 0) throw new AppError("NOT_FOUND", "Segment not found");
    await client.query(
      `DECLARE segment_export NO SCROLL CURSOR FOR
       SELECT c.id::text AS id, c.external_id, c.email, c.first_name, c.last_name, c.phone, c.country::text AS country, sm.entered_at,
              m.predicted_clv_12m, m.rfm_segment, m.p_alive, c.email_consent, c.sms_consent, c.push_consent
       FROM segment_membership sm JOIN customer c ON c.id = sm.customer_id AND c.workspace_id = $1::int4
       LEFT JOIN customer_metrics m ON m.customer_id = sm.customer_id
       WHERE sm.segment_id = $2::int4 AND sm.workspace_id = $1::int4
       ORDER BY sm.customer_id`,
      [workspaceId, segmentId],
    );
    yield csvLine(SEGMENT_EXPORT_COLUMNS);
    for (;;) {
      const batch = await client.query<ExportRow>(`FETCH ${batchSize} FROM segment_export`);
      for (const r of batch.rows) {
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
      if (batch.rows.length < batchSize) break;
    }
    await client.query("COMMIT");
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    // Reached on error, on completion, and when the consumer stops early.
    client.off("error", onError);
    if (!released) {
      try {
        await client.query("ROLLBACK");
        broken = undefined;
      } catch (rollbackError) {
        broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      released = true;
      client.release(connectionLost ?? broken);
    }
  }
}
