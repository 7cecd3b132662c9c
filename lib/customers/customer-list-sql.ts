import { CONSENT_SQL, IDENTITY_SQL, VALUE_SQL } from "./value-columns.ts";
import type { CustomerCursor, CustomerListFilters, CustomerSort, SortDirection } from "./customer-list-params.ts";

/** Must match the expression of customer_search_trgm_idx (migration 20261123003000) to use the index. */
const SEARCH_EXPR = `lower(coalesce(c.email, '') || ' ' || coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '') || ' ' || c.external_id)`;

/** Bound parameters of one statement: every value goes through here, never into the text. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/**
 * How one sort reads: the column it orders by, the table whose index
 * (workspace_id, key, customer id) drives the "has a value" part, and how the
 * customers without a value are placed. Orders and revenue: no counted order
 * is 0, so those customers come first going up and last going down; the
 * others (no email, no CLV or P(alive) yet) always come last, as "—".
 */
interface SortSpec {
  key: string;
  id: string;
  /** The key as text for the cursor, exactly (numbers in full, times in UTC to the millisecond). */
  keyText: string;
  cast: string;
  drive: "timeline" | "metrics" | "customer";
  missing: "zero" | "last" | "none";
}

const SORTS: Record<CustomerSort, SortSpec> = {
  newest: { key: "c.id", id: "c.id", keyText: "NULL", cast: "int8", drive: "customer", missing: "none" },
  email: { key: "c.email", id: "c.id", keyText: "c.email", cast: "text", drive: "customer", missing: "last" },
  orders: { key: "t.order_count", id: "t.customer_id", keyText: "t.order_count::text", cast: "int4", drive: "timeline", missing: "zero" },
  revenue: { key: "t.revenue_total_cents", id: "t.customer_id", keyText: "t.revenue_total_cents::text", cast: "int8", drive: "timeline", missing: "zero" },
  last_order: {
    key: "t.last_order_at",
    id: "t.customer_id",
    keyText: `to_char(t.last_order_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    cast: "timestamptz",
    drive: "timeline",
    missing: "last",
  },
  clv: { key: "m.predicted_clv_12m", id: "m.customer_id", keyText: "m.predicted_clv_12m::text", cast: "float8", drive: "metrics", missing: "last" },
  p_alive: { key: "m.p_alive", id: "m.customer_id", keyText: "m.p_alive::text", cast: "float8", drive: "metrics", missing: "last" },
};

export const LIST_COLUMNS = `${IDENTITY_SQL}, c.acquisition_channel, ${CONSENT_SQL},
       t.order_count, t.revenue_total_cents::text AS revenue_cents, t.first_order_at, t.last_order_at,
       ${VALUE_SQL}, m.computed_at AS metrics_computed_at`;

export interface ListFilterInput {
  workspaceId: number;
  query?: string;
  filters: CustomerListFilters;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** The search and filter conditions over c (customer) and m (customer_metrics). */
export function filterConditions(p: SqlParams, input: ListFilterInput): string[] {
  const out: string[] = [];
  const raw = input.query?.trim() ?? "";
  const q = raw.toLowerCase();
  if (q.length >= 3) out.push(`${SEARCH_EXPR} LIKE ${p.add(`%${escapeLike(q)}%`, "text")}`);
  else if (q.length > 0) out.push(`(c.external_id = ${p.add(raw, "text")} OR lower(c.email) = ${p.add(q, "text")})`);
  const f = input.filters;
  if (f.segmentId !== undefined) {
    out.push(`EXISTS (SELECT 1 FROM segment_membership sm WHERE sm.segment_id = ${p.add(f.segmentId, "int4")} AND sm.customer_id = c.id)`);
  }
  if (f.rfmSegment !== undefined) out.push(`m.rfm_segment = ${p.add(f.rfmSegment, "text")}`);
  if (f.churnBand !== undefined) out.push(`m.churn_risk_band = ${p.add(f.churnBand, "text")}`);
  if (f.country !== undefined) out.push(`c.country = ${p.add(f.country, "bpchar")}`);
  return out;
}

/** The parts of a sorted list in reading order: "v" (customers with a value) and "m" (without). */
export function partsInOrder(sort: CustomerSort, direction: SortDirection): ("v" | "m")[] {
  const spec = SORTS[sort];
  if (spec.missing === "none") return ["v"];
  return spec.missing === "zero" && direction === "asc" ? ["m", "v"] : ["v", "m"];
}

/**
 * One statement reading up to `limit` rows of one part of the list, after
 * `cursor` when it points into this part. The "has a value" part walks the
 * driving table's (workspace_id, key, customer id) index; the "no value"
 * part walks customers by id and keeps those without a row or value.
 */
export function partQuery(
  input: ListFilterInput & { sort: CustomerSort; direction: SortDirection },
  part: "v" | "m",
  cursor: CustomerCursor | null,
  limit: number,
): { text: string; values: unknown[] } {
  const spec = SORTS[input.sort];
  const p = new SqlParams();
  const ws = p.add(input.workspaceId, "int4");
  const cmp = input.direction === "desc" ? "<" : ">";
  const dir = input.direction === "desc" ? "DESC" : "ASC";
  const where: string[] = [];
  let from: string;
  let order: string;
  let keyText = "NULL";
  if (part === "v") {
    keyText = spec.keyText;
    if (spec.drive === "timeline") {
      from = `customer_order_timeline t JOIN customer c ON c.id = t.customer_id LEFT JOIN customer_metrics m ON m.customer_id = t.customer_id`;
      where.push(`t.workspace_id = ${ws}`, `c.workspace_id = ${ws}`);
    } else if (spec.drive === "metrics") {
      from = `customer_metrics m JOIN customer c ON c.id = m.customer_id LEFT JOIN customer_order_timeline t ON t.customer_id = m.customer_id`;
      where.push(`m.workspace_id = ${ws}`, `c.workspace_id = ${ws}`, `${spec.key} IS NOT NULL`);
    } else {
      from = `customer c LEFT JOIN customer_metrics m ON m.customer_id = c.id LEFT JOIN customer_order_timeline t ON t.customer_id = c.id`;
      where.push(`c.workspace_id = ${ws}`);
      if (spec.missing !== "none") where.push(`${spec.key} IS NOT NULL`);
    }
    if (cursor?.part === "v") {
      where.push(
        input.sort === "newest"
          ? `c.id ${cmp} ${p.add(cursor.id.toString(), "int8")}`
          : `(${spec.key}, ${spec.id}) ${cmp} (${p.add(cursor.value, spec.cast)}, ${p.add(cursor.id.toString(), "int8")})`,
      );
    }
    order = input.sort === "newest" ? `c.id ${dir}` : `${spec.key} ${dir}, ${spec.id} ${dir}`;
  } else {
    from = `customer c LEFT JOIN customer_metrics m ON m.customer_id = c.id LEFT JOIN customer_order_timeline t ON t.customer_id = c.id`;
    where.push(`c.workspace_id = ${ws}`, spec.drive === "timeline" ? "t.customer_id IS NULL" : `${spec.key} IS NULL`);
    if (cursor?.part === "m") where.push(`c.id ${cmp} ${p.add(cursor.id.toString(), "int8")}`);
    order = `c.id ${dir}`;
  }
  where.push(...filterConditions(p, input));
  const text = `SELECT ${LIST_COLUMNS}, ${keyText} AS sort_value
    FROM ${from}
    WHERE ${where.join(" AND ")}
    ORDER BY ${order}
    LIMIT ${p.add(limit, "int4")}`;
  return { text, values: p.values };
}
