import { pool } from "../../db/pool.ts";

export interface RfmSegmentRow {
  segment: string;
  customers: number;
  share: number;
  meanRecencyDays: number;
  meanOrders: number;
  meanRevenue: number;
  revenue: number;
}

export interface RfmOverview {
  scoredCustomers: number;
  segments: RfmSegmentRow[];
  /** Customers per (R, F) score cell: grid[r-1][f-1]. */
  grid: number[][];
}

/** Segment sizes and value, and the R × F grid, from customer_metrics. */
export async function getRfmOverview(workspaceId: number): Promise<RfmOverview> {
  const [segments, cells] = await Promise.all([
    pool.query<{ segment: string; customers: number; recency: number; orders: number; mean_revenue: string; revenue: string }>(
      `SELECT rfm_segment AS segment, count(*)::int AS customers, avg(recency_days)::float8 AS recency,
              avg(order_count)::float8 AS orders, avg(revenue)::text AS mean_revenue, sum(revenue)::text AS revenue
         FROM customer_metrics WHERE workspace_id = $1 AND rfm_segment IS NOT NULL
        GROUP BY rfm_segment ORDER BY sum(revenue) DESC`,
      [workspaceId],
    ),
    pool.query<{ r: number; f: number; customers: number }>(
      `SELECT r_score AS r, f_score AS f, count(*)::int AS customers
         FROM customer_metrics WHERE workspace_id = $1 AND r_score IS NOT NULL AND f_score IS NOT NULL
        GROUP BY r_score, f_score`,
      [workspaceId],
    ),
  ]);
  const scored = segments.rows.reduce((s, r) => s + r.customers, 0);
  const grid = Array.from({ length: 5 }, () => Array<number>(5).fill(0));
  for (const c of cells.rows) {
    const row = grid[c.r - 1];
    if (row && c.f >= 1 && c.f <= 5) row[c.f - 1] = c.customers;
  }
  return {
    scoredCustomers: scored,
    segments: segments.rows.map((r) => ({
      segment: r.segment,
      customers: r.customers,
      share: scored ? r.customers / scored : 0,
      meanRecencyDays: r.recency,
      meanOrders: r.orders,
      meanRevenue: Number(r.mean_revenue),
      revenue: Number(r.revenue),
    })),
    grid,
  };
}
