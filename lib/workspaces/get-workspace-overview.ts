import { db } from "../db/client.ts";

export interface WorkspaceOverview {
  customers: number;
  newCustomers30d: number;
  orders30d: number;
  ordersPrev30d: number;
  revenue30d: number;
  revenuePrev30d: number;
  activeCustomers30d: number;
  activeCustomersPrev30d: number;
}

/**
 * Headline numbers for the overview. Reads only the last 60 days of orders via
 * (workspace_id, placed_at), so its cost does not grow with history.
 */
export async function getWorkspaceOverview(workspaceId: number, now: Date = new Date()): Promise<WorkspaceOverview> {
  const [row] = await db.$queryRaw<
    {
      customers: bigint;
      new_customers: bigint;
      orders_30: bigint;
      orders_prev: bigint;
      revenue_30: string | null;
      revenue_prev: string | null;
      active_30: bigint;
      active_prev: bigint;
    }[]
  >`
    WITH bounds AS (SELECT ${now}::timestamptz AS now),
    recent AS (
      SELECT o.customer_id, o.total, o.placed_at > b.now - interval '30 days' AS in_last
      FROM customer_order o, bounds b
      WHERE o.workspace_id = ${workspaceId}
        AND o.placed_at > b.now - interval '60 days' AND o.placed_at <= b.now
    )
    SELECT
      (SELECT count(*) FROM customer WHERE workspace_id = ${workspaceId}) AS customers,
      (SELECT count(*) FROM customer, bounds b WHERE workspace_id = ${workspaceId} AND coalesce(signed_up_at, created_at) > b.now - interval '30 days') AS new_customers,
      count(*) FILTER (WHERE in_last) AS orders_30,
      count(*) FILTER (WHERE NOT in_last) AS orders_prev,
      sum(total) FILTER (WHERE in_last)::text AS revenue_30,
      sum(total) FILTER (WHERE NOT in_last)::text AS revenue_prev,
      count(DISTINCT customer_id) FILTER (WHERE in_last) AS active_30,
      count(DISTINCT customer_id) FILTER (WHERE NOT in_last) AS active_prev
    FROM recent`;
  return {
    customers: Number(row?.customers ?? 0),
    newCustomers30d: Number(row?.new_customers ?? 0),
    orders30d: Number(row?.orders_30 ?? 0),
    ordersPrev30d: Number(row?.orders_prev ?? 0),
    revenue30d: Number(row?.revenue_30 ?? 0),
    revenuePrev30d: Number(row?.revenue_prev ?? 0),
    activeCustomers30d: Number(row?.active_30 ?? 0),
    activeCustomersPrev30d: Number(row?.active_prev ?? 0),
  };
}
