import { cursorRows } from "../db/cursor-rows.ts";
import { csvLine } from "../segments/csv-line.ts";
import type { CustomerListFilters } from "./customer-list-params.ts";
import { filterConditions, SqlParams } from "./customer-list-sql.ts";
import { CONSENT_CSV_COLUMNS, CONSENT_SQL, consentCells, IDENTITY_CSV_COLUMNS, IDENTITY_SQL, identityCells, numberCell, VALUE_SQL } from "./value-columns.ts";
import type { ConsentRow, IdentityRow, ValueRow } from "./value-columns.ts";

export const CUSTOMER_EXPORT_COLUMNS = [
  ...IDENTITY_CSV_COLUMNS,
  "order_count",
  "revenue",
  "first_order_at",
  "last_order_at",
  "rfm_segment",
  "predicted_clv_12m",
  "p_alive",
  "churn_risk_band",
  ...CONSENT_CSV_COLUMNS,
  "value_metrics_computed_at",
  "currency",
  "time_zone",
] as const;

interface ExportRow extends IdentityRow, ValueRow, ConsentRow {
  order_count: number | null;
  revenue: string | null;
  first_order_at: string | null;
  last_order_at: string | null;
  computed_at: string | null;
}

/** A timestamp as the workspace's wall-clock time, ISO without offset (the zone is its own column). */
const local = (column: string, tz: string) => `to_char(${column} AT TIME ZONE ${tz}, 'YYYY-MM-DD"T"HH24:MI:SS')`;

export interface CustomerExportInput {
  workspaceId: number;
  timezone: string;
  currency: string;
  query?: string;
  filters: CustomerListFilters;
}

/**
 * The customers a list view shows (same search and filters), newest first, as
 * CSV lines with the live order numbers and the value columns, times in the
 * workspace time zone. Streamed through a cursor: fine at a million rows.
 */
export async function* exportCustomersCsv(input: CustomerExportInput, options: { batchSize?: number } = {}): AsyncGenerator<string> {
  const p = new SqlParams();
  const ws = p.add(input.workspaceId, "int4");
  const tz = p.add(input.timezone, "text");
  const where = [`c.workspace_id = ${ws}`, ...filterConditions(p, input)];
  const text = `SELECT ${IDENTITY_SQL},
         t.order_count, round(coalesce(t.revenue_total_cents, 0)::numeric / 100, 2)::text AS revenue,
         ${local("t.first_order_at", tz)} AS first_order_at, ${local("t.last_order_at", tz)} AS last_order_at,
         ${VALUE_SQL}, ${CONSENT_SQL}, ${local("m.computed_at", tz)} AS computed_at
    FROM customer c
    LEFT JOIN customer_metrics m ON m.customer_id = c.id
    LEFT JOIN customer_order_timeline t ON t.customer_id = c.id
    WHERE ${where.join(" AND ")}
    ORDER BY c.id DESC`;
  yield csvLine(CUSTOMER_EXPORT_COLUMNS);
  for await (const batch of cursorRows<ExportRow>(text, p.values, options)) {
    let chunk = "";
    for (const r of batch) {
      chunk += csvLine([
        ...identityCells(r),
        String(r.order_count ?? 0),
        r.revenue,
        r.first_order_at,
        r.last_order_at,
        r.rfm_segment,
        numberCell(r.predicted_clv_12m),
        numberCell(r.p_alive),
        r.churn_risk_band,
        ...consentCells(r),
        r.computed_at,
        input.currency,
        input.timezone,
      ]);
    }
    yield chunk;
  }
}
