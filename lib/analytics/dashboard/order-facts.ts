import type pg from "pg";
import type { DayRange, Period } from "./period.ts";

/** Order numbers of one period, from workspace_day_fact and the purchase links (never from orders). */
export interface PeriodTotals extends DayRange {
  orders: number;
  revenue: number;
  /** Revenue / orders; null without orders. */
  averageOrderValue: number | null;
  /** Distinct customers with a counted order in the period. */
  activeCustomers: number;
  /** Customers whose first counted order fell in the period. */
  newCustomers: number;
  /** Active customers who had ordered before the period. */
  returningCustomers: number;
  /** Orders and revenue placed on their customer's first purchase day. */
  firstPurchaseOrders: number;
  firstPurchaseRevenue: number;
  /** Everything else: orders of customers who had bought on an earlier day. */
  repeatOrders: number;
  repeatRevenue: number;
  /** Returning customers / active customers; null without active customers. */
  repeatPurchaseRate: number | null;
}

export interface TrendPoint {
  /** First and last day of the bucket (a day, or a Monday-based week cut to the period). */
  from: string;
  to: string;
  revenue: number;
  orders: number;
  activeCustomers: number;
}

/**
 * Distinct customers who ordered in [a, b] (SQL date expressions): one link
 * per customer has a <= day <= b and a previous purchase day before a (the
 * migration explains the links). Weeks wholly before a's week come from the
 * week grain, a's own week from the day grain: a few thousand index rows for
 * a year, whatever the number of customers.
 */
function activeCustomersSql(a: string, b: string): string {
  return `(
  (SELECT coalesce(sum(customers), 0) FROM purchase_link_week
    WHERE workspace_id = $1 AND day BETWEEN ${a} AND ${b} AND previous_week < date_trunc('week', (${a})::timestamp)::date)
  + (SELECT coalesce(sum(customers), 0) FROM purchase_link_day
    WHERE workspace_id = $1 AND previous_day >= date_trunc('week', (${a})::timestamp)::date AND previous_day < ${a}
      AND day BETWEEN ${a} AND ${b}))`;
}

const PERIOD_TOTALS = `
SELECT r.k, f.orders, f.revenue, f.new_customers, f.new_orders, f.new_revenue, ${activeCustomersSql("r.a", "r.b")}::int8::text AS active
  FROM (VALUES (0, $2::date, $3::date), (1, $4::date, $5::date), (2, $6::date, $7::date)) AS r(k, a, b)
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(orders), 0)::int8::text AS orders, coalesce(sum(revenue), 0)::text AS revenue,
           coalesce(sum(new_customers), 0)::int8::text AS new_customers, coalesce(sum(new_customer_orders), 0)::int8::text AS new_orders,
           coalesce(sum(new_customer_revenue), 0)::text AS new_revenue
      FROM workspace_day_fact WHERE workspace_id = $1 AND day BETWEEN r.a AND r.b) f
 ORDER BY r.k`;

type TotalsRow = { k: number; orders: string; revenue: string; new_customers: string; new_orders: string; new_revenue: string; active: string };

function toTotals(range: DayRange, r: TotalsRow): PeriodTotals {
  const orders = Number(r.orders);
  const revenue = Number(r.revenue);
  const active = Number(r.active);
  const newCustomers = Number(r.new_customers);
  const firstPurchaseOrders = Number(r.new_orders);
  const firstPurchaseRevenue = Number(r.new_revenue);
  return {
    ...range,
    orders,
    revenue,
    averageOrderValue: orders ? revenue / orders : null,
    activeCustomers: active,
    newCustomers,
    returningCustomers: active - newCustomers,
    firstPurchaseOrders,
    firstPurchaseRevenue,
    repeatOrders: orders - firstPurchaseOrders,
    repeatRevenue: Number((Number(r.revenue) - firstPurchaseRevenue).toFixed(2)),
    repeatPurchaseRate: active ? (active - newCustomers) / active : null,
  };
}

/** The period, the period before it and the same dates a year earlier, in one statement. */
export async function periodTotals(
  client: Pick<pg.PoolClient, "query">,
  workspaceId: number,
  period: Period,
): Promise<{ current: PeriodTotals; previous: PeriodTotals; lastYear: PeriodTotals }> {
  const ranges: DayRange[] = [period, period.previous, period.lastYear];
  const res = await client.query<TotalsRow>(PERIOD_TOTALS, [workspaceId, ...ranges.flatMap((r) => [r.from, r.to])]);
  const [current, previous, lastYear] = ranges.map((range, i) => toTotals({ from: range.from, to: range.to }, res.rows[i]!));
  return { current: current!, previous: previous!, lastYear: lastYear! };
}

const DAILY_TREND = `
SELECT d::date::text AS from, d::date::text AS to, coalesce(f.revenue, 0)::text AS revenue, coalesce(f.orders, 0) AS orders,
       coalesce(f.customers, 0) AS active
  FROM generate_series($2::date, $3::date, interval '1 day') AS d
  LEFT JOIN workspace_day_fact f ON f.workspace_id = $1 AND f.day = d::date
 ORDER BY d`;

/**
 * Weeks: every bucket but the first starts on a Monday W, where a link counts
 * when its previous purchase week is before W, which is the week of its own
 * day; the first bucket, when the period starts mid-week, adds the day links
 * of its first days (activeCustomersSql with a = the period's start). So one
 * grouped scan of the period's links, not one sum per week.
 */
const WEEKLY_TREND = `
WITH buckets AS (
  SELECT greatest(w::date, $2::date) AS a, least(w::date + 6, $3::date) AS b
    FROM generate_series(date_trunc('week', $2::date::timestamp), $3::date::timestamp, interval '1 week') AS w
), facts AS (
  SELECT greatest(date_trunc('week', day::timestamp)::date, $2::date) AS a, sum(revenue) AS revenue, sum(orders) AS orders
    FROM workspace_day_fact WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date GROUP BY 1
), week_links AS (
  SELECT greatest(date_trunc('week', day::timestamp)::date, $2::date) AS a, sum(customers) AS customers
    FROM purchase_link_week
   WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date AND previous_week < date_trunc('week', day::timestamp)::date
   GROUP BY 1
), first_days AS (
  SELECT $2::date AS a, sum(customers) AS customers
    FROM purchase_link_day
   WHERE workspace_id = $1 AND previous_day >= date_trunc('week', $2::date::timestamp)::date AND previous_day < $2::date
     AND day BETWEEN $2::date AND least(date_trunc('week', $2::date::timestamp)::date + 6, $3::date)
)
SELECT bk.a::text AS from, bk.b::text AS to, coalesce(f.revenue, 0)::text AS revenue, coalesce(f.orders, 0)::int8 AS orders,
       (coalesce(wl.customers, 0) + coalesce(fd.customers, 0))::int8 AS active
  FROM buckets bk
  LEFT JOIN facts f ON f.a = bk.a
  LEFT JOIN week_links wl ON wl.a = bk.a
  LEFT JOIN first_days fd ON fd.a = bk.a
 ORDER BY bk.a`;

/** Revenue, orders and distinct active customers per day (periods up to 92 days) or per week. */
export async function periodTrend(client: Pick<pg.PoolClient, "query">, workspaceId: number, period: Period): Promise<TrendPoint[]> {
  const res = await client.query<{ from: string; to: string; revenue: string; orders: string | number; active: string | number }>(
    period.grain === "day" ? DAILY_TREND : WEEKLY_TREND,
    [workspaceId, period.from, period.to],
  );
  return res.rows.map((r) => ({ from: r.from, to: r.to, revenue: Number(r.revenue), orders: Number(r.orders), activeCustomers: Number(r.active) }));
}
