import { db, Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { isCustomerCursor, parseCustomerListParams } from "./customer-list-params.ts";

/** Must match the expression of customer_search_trgm_idx (migration 20261123003000) to use the index. */
const SEARCH_EXPR = Prisma.sql`lower(coalesce(c.email, '') || ' ' || coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '') || ' ' || c.external_id)`;

export interface CustomerListRow {
  id: string;
  externalId: string;
  email: string | null;
  name: string;
  country: string | null;
  acquisitionChannel: string | null;
  orderCount: number;
  revenue: number;
  lastOrderAt: Date | null;
  rfmSegment: string | null;
  predictedClv12m: number | null;
}

export interface CustomerListPage {
  rows: CustomerListRow[];
  /** Cursor for the next page (the last row's id), or null at the end. */
  nextCursor: string | null;
}

export interface ListCustomersInput {
  workspaceId: number;
  /** Free text: 3+ characters search email, name and external id (contains); shorter input matches an exact id or email. */
  query?: string;
  /** Keyset cursor: return customers with id below this (newest first). */
  after?: string;
  limit?: number;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Newest customers first, keyset-paginated by id, so page N costs the same as page 1 at any size. */
export async function listCustomers(input: ListCustomersInput): Promise<CustomerListPage> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const problem = parseCustomerListParams({ q: input.query }).problem;
  if (problem) throw new AppError("VALIDATION", problem.message, [problem]);
  const q = input.query?.trim().toLowerCase() ?? "";
  const conditions: Prisma.Sql[] = [Prisma.sql`c.workspace_id = ${input.workspaceId}`];
  if (input.after) {
    if (!isCustomerCursor(input.after)) {
      const message = "after must be a customer id from the previous page";
      throw new AppError("VALIDATION", message, [{ path: "after", message }]);
    }
    conditions.push(Prisma.sql`c.id < ${BigInt(input.after)}`);
  }
  if (q.length >= 3) {
    conditions.push(Prisma.sql`${SEARCH_EXPR} LIKE ${`%${escapeLike(q)}%`}`);
  } else if (q.length > 0) {
    conditions.push(Prisma.sql`(c.external_id = ${input.query?.trim() ?? ""} OR lower(c.email) = ${q})`);
  }
  const rows = await db.$queryRaw<
    {
      id: bigint;
      external_id: string;
      email: string | null;
      first_name: string | null;
      last_name: string | null;
      country: string | null;
      acquisition_channel: string | null;
      order_count: number | null;
      revenue: Prisma.Decimal | null;
      last_order_at: Date | null;
      rfm_segment: string | null;
      predicted_clv_12m: number | null;
    }[]
  >`
    SELECT c.id, c.external_id, c.email, c.first_name, c.last_name, c.country, c.acquisition_channel,
           m.order_count, m.revenue, m.last_order_at, m.rfm_segment, m.predicted_clv_12m
    FROM customer c
    LEFT JOIN customer_metrics m ON m.customer_id = c.id
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY c.id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({
      id: r.id.toString(),
      externalId: r.external_id,
      email: r.email,
      name: [r.first_name, r.last_name].filter(Boolean).join(" "),
      country: r.country,
      acquisitionChannel: r.acquisition_channel,
      orderCount: r.order_count ?? 0,
      revenue: r.revenue ? Number(r.revenue) : 0,
      lastOrderAt: r.last_order_at,
      rfmSegment: r.rfm_segment,
      predictedClv12m: r.predicted_clv_12m,
    })),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id.toString() ?? null) : null,
  };
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
