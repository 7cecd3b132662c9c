import type pg from "pg";
import { db } from "../db/client.ts";
import { currentRequestSignal } from "../db/request-signal.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import {
  decodeCursor,
  defaultDirection,
  encodeCursor,
  parseCustomerListParams,
  type CustomerCursor,
  type CustomerListFilters,
  type CustomerSort,
  type SortDirection,
} from "./customer-list-params.ts";
import type { ConsentRow, IdentityRow, ValueRow } from "./value-columns.ts";
import { filterConditions, partQuery, partsInOrder, SqlParams, type ListFilterInput } from "./customer-list-sql.ts";

export interface CustomerListRow {
  id: string;
  externalId: string;
  email: string | null;
  name: string;
  country: string | null;
  acquisitionChannel: string | null;
  /** Live: counted orders as of this moment (kept in the writing transaction). */
  orderCount: number;
  revenue: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  /** As of the last analytics run (metricsComputedAt). */
  rfmSegment: string | null;
  predictedClv12m: number | null;
  pAlive: number | null;
  churnRiskBand: string | null;
  metricsComputedAt: Date | null;
}

export interface CustomerListPage {
  rows: CustomerListRow[];
  /** Cursor for the next page, or null at the end. */
  nextCursor: string | null;
}

export interface ListCustomersInput {
  workspaceId: number;
  /** Free text: 3+ characters search email, name and external id (contains); shorter input matches an exact id or email. */
  query?: string;
  /** Keyset cursor from the previous page of the same sort. */
  after?: string;
  sort?: CustomerSort;
  direction?: SortDirection;
  filters?: CustomerListFilters;
  limit?: number;
}

export interface ListRowSql extends IdentityRow, ValueRow, ConsentRow {
  acquisition_channel: string | null;
  order_count: number | null;
  revenue_cents: string | null;
  first_order_at: Date | null;
  last_order_at: Date | null;
  metrics_computed_at: Date | null;
  sort_value: string | null;
}

/** Revenue from integer cents: exact to the cent for any sum a shop reaches. */
export function centsToAmount(cents: string | null): number {
  return cents === null ? 0 : Number(BigInt(cents)) / 100;
}

function toRow(r: ListRowSql): CustomerListRow {
  return {
    id: r.id,
    externalId: r.external_id,
    email: r.email,
    name: [r.first_name, r.last_name].filter(Boolean).join(" "),
    country: r.country,
    acquisitionChannel: r.acquisition_channel,
    orderCount: r.order_count ?? 0,
    revenue: centsToAmount(r.revenue_cents),
    firstOrderAt: r.first_order_at,
    lastOrderAt: r.last_order_at,
    rfmSegment: r.rfm_segment,
    predictedClv12m: r.predicted_clv_12m,
    pAlive: r.p_alive,
    churnRiskBand: r.churn_risk_band,
    metricsComputedAt: r.metrics_computed_at,
  };
}

function validation(path: string, message: string): AppError {
  return new AppError("VALIDATION", message, [{ path, message }]);
}

/**
 * One page of customers in the asked order, keyset-paginated: each sort reads
 * an index in order from the cursor, so page N costs what page 1 costs at any
 * size. A page may end one part of the list (customers with a value for the
 * sort) and start the next (customers without one).
 */
export async function listCustomers(input: ListCustomersInput): Promise<CustomerListPage> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const sort = input.sort ?? "newest";
  const direction = input.direction ?? defaultDirection(sort);
  const problem = parseCustomerListParams({ q: input.query }).problem;
  if (problem) throw validation(problem.path, problem.message);
  let cursor: CustomerCursor | null = null;
  if (input.after) {
    cursor = decodeCursor(sort, input.after);
    if (!cursor) throw validation("after", "after must be a cursor from the previous page of the same sort");
  }
  const base = { workspaceId: input.workspaceId, query: input.query, filters: input.filters ?? {}, sort, direction };
  const parts = partsInOrder(sort, direction);
  // A cursor in a later part skips the earlier ones.
  const startAt = cursor ? Math.max(parts.indexOf(cursor.part), 0) : 0;
  const rows: (ListRowSql & { part: "v" | "m" })[] = [];
  await withTransaction(
    async (client) => {
      for (let i = startAt; i < parts.length && rows.length <= limit; i++) {
        const part = parts[i]!;
        const q = partQuery(base, part, cursor?.part === part ? cursor : null, limit + 1 - rows.length);
        const result = await client.query<ListRowSql>(q.text, q.values);
        rows.push(...result.rows.map((r) => ({ ...r, part })));
      }
    },
    { readOnly: true, signal: currentRequestSignal() },
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (rows.length > limit && last) {
    nextCursor = sort === "newest" ? last.id : encodeCursor({ part: last.part, value: last.part === "v" ? last.sort_value : null, id: BigInt(last.id) });
  }
  return { rows: page.map(toRow), nextCursor };
}

/** How many customers a filtered view counts at most; past it the page says "more than". */
export const COUNT_CAP = 10_000;
/** A filtered count gives up after this long rather than hold a page view (a rare country at 1M customers). */
const COUNT_TIMEOUT_MS = 1_500;

export type FilteredCount = { kind: "exact"; value: number } | { kind: "more-than"; value: number } | { kind: "unknown" };

/**
 * The number of customers matching a search or filter, counted up to
 * COUNT_CAP and within COUNT_TIMEOUT_MS: enough to tell "12 customers" from
 * "more than 10,000", never a scan of all customers on every view.
 */
export async function countFilteredCustomers(input: ListFilterInput): Promise<FilteredCount> {
  const p = new SqlParams();
  const ws = p.add(input.workspaceId, "int4");
  const where = [`c.workspace_id = ${ws}`, ...filterConditions(p, input)];
  const text = `SELECT count(*)::int AS n FROM (
      SELECT 1 FROM customer c LEFT JOIN customer_metrics m ON m.customer_id = c.id
      WHERE ${where.join(" AND ")} LIMIT ${p.add(COUNT_CAP + 1, "int4")}) x`;
  try {
    const n = await withTransaction(
      async (client: pg.PoolClient) => {
        await client.query(`SET LOCAL statement_timeout = ${COUNT_TIMEOUT_MS}`);
        return (await client.query<{ n: number }>(text, p.values)).rows[0]?.n ?? 0;
      },
      { readOnly: true, signal: currentRequestSignal() },
    );
    return n > COUNT_CAP ? { kind: "more-than", value: COUNT_CAP } : { kind: "exact", value: n };
  } catch (err) {
    // 57014: our statement timeout, not the request's abort (which rethrows as itself).
    if ((err as { code?: string }).code === "57014" && !currentRequestSignal()?.aborted) return { kind: "unknown" };
    throw err;
  }
}

/**
 * Number of customers in the workspace: one row of workspace_customer_count,
 * kept by triggers on customer (migration 20261207200000), so no page view
 * counts a million rows.
 */
export async function countCustomers(workspaceId: number): Promise<number> {
  const row = await db.workspaceCustomerCount.findUnique({ where: { workspaceId }, select: { customers: true } });
  return Number(row?.customers ?? 0);
}
