import type { CohortPeriod } from "./cohort-query.schema.ts";

/**
 * The SQL of the cohort aggregates, shared by the refresh (every customer of
 * a workspace) and by a segment-filtered read (that segment's members).
 * Everything comes from the behaviour timeline `customer_order_timeline`
 * (counted orders, oldest first, with running revenue), so cohorts count
 * exactly the orders the analytics and segment rules count.
 *
 * A customer's cohort is the period (calendar month or ISO week, Monday
 * start) holding their first order in the workspace time zone; period k is
 * the k-th period after it. Local times come from `AT TIME ZONE`, so a
 * period starts at local midnight whatever the UTC offset did in between.
 */

/** Periods between the date `start` (a period start) and the instant `at`, as SQL. `period` is one of two constants. */
export function periodIndexSql(period: CohortPeriod, at: string, start: string, tz: string): string {
  const local = `(${at} AT TIME ZONE ${tz})`;
  return period === "month"
    ? `((extract(year FROM ${local})::int - extract(year FROM ${start})::int) * 12 + extract(month FROM ${local})::int - extract(month FROM ${start})::int)`
    : `((date_trunc('week', ${local})::date - ${start}) / 7)`;
}

/**
 * Customers of the cohorts, as a CTE named `c`. $1 workspace id, $2 time zone,
 * $3 segment id or NULL (every customer).
 */
function cohortCustomersCte(period: CohortPeriod): string {
  return `c AS (
  SELECT t.customer_id, t.placed_at, t.revenue_cents,
         date_trunc('${period}', t.placed_at[1] AT TIME ZONE $2::text)::date AS cohort_start,
         coalesce(cu.acquisition_channel, '') AS channel,
         coalesce(rtrim(cu.country), '') AS country
    FROM customer_order_timeline t
    JOIN customer cu ON cu.id = t.customer_id AND cu.workspace_id = $1::int4
   WHERE t.workspace_id = $1::int4
     AND cardinality(t.placed_at) > 0
     AND ($3::int4 IS NULL OR t.customer_id IN (SELECT m.customer_id FROM segment_membership m WHERE m.segment_id = $3::int4)))`;
}

/**
 * One row per customer and breakdown value they belong to (every customer
 * has one 'all' row, one channel, one country, and one row per category of
 * their first order, '' when it had none). $4 the as-of instant, $5 one
 * breakdown kind or NULL for all of them.
 * t_days and repeat_days follow the CLV run's summaries: purchase days in
 * the workspace zone, T from the first purchase day to the as-of day.
 */
export function buildCohortMembersSql(period: CohortPeriod): string {
  return `
CREATE TEMP TABLE cohort_member ON COMMIT DROP AS
WITH ${cohortCustomersCte(period)}
SELECT c.customer_id, c.cohort_start, d.kind AS breakdown_kind, d.value AS breakdown_value,
       ${periodIndexSql(period, "c.placed_at[cardinality(c.placed_at)]", "c.cohort_start", "$2::text")} AS last_index,
       (($4::timestamptz AT TIME ZONE $2::text)::date - (c.placed_at[1] AT TIME ZONE $2::text)::date) AS t_days,
       (SELECT count(DISTINCT (x AT TIME ZONE $2::text)::date) FROM unnest(c.placed_at) x)::int - 1 AS repeat_days
  FROM c
  CROSS JOIN LATERAL (
    SELECT 'all'::text, ''::text WHERE $5::text IS NULL OR $5::text = 'all'
    UNION ALL SELECT 'channel', c.channel WHERE $5::text IS NULL OR $5::text = 'channel'
    UNION ALL SELECT 'country', c.country WHERE $5::text IS NULL OR $5::text = 'country'
    UNION ALL
    SELECT 'category', coalesce(cat.category, '')
      FROM (SELECT 1) one
      LEFT JOIN customer_category_timeline cat ON cat.customer_id = c.customer_id AND cat.placed_at[1] = c.placed_at[1]
     WHERE $5::text IS NULL OR $5::text = 'category'
  ) d(kind, value)`;
}

/** Orders and revenue per customer and period since acquisition. $1 workspace id, $2 time zone, $3 segment id or NULL. */
export function buildCohortPurchasesSql(period: CohortPeriod): string {
  return `
CREATE TEMP TABLE cohort_purchase ON COMMIT DROP AS
WITH ${cohortCustomersCte(period)}
SELECT c.customer_id, p.period_index, p.orders, p.revenue_cents
  FROM c
  CROSS JOIN LATERAL (
    SELECT ${periodIndexSql(period, "o.at", "c.cohort_start", "$2::text")} AS period_index,
           count(*)::int AS orders,
           sum(o.after_cents - o.before_cents)::bigint AS revenue_cents
      FROM unnest(c.placed_at, c.revenue_cents[2:], c.revenue_cents[:cardinality(c.placed_at)]) AS o(at, after_cents, before_cents)
     GROUP BY 1
  ) p`;
}

/**
 * The cells from the two temp tables, dense from period 0 to each cohort's
 * last period with a purchase. "On or after k" counts customers whose last
 * order is in period k or later: a running sum of last periods from the end.
 */
export const COHORT_CELLS_SQL = `
WITH buys AS (
  SELECT m.breakdown_kind, m.breakdown_value, m.cohort_start, p.period_index,
         count(*)::int AS customers_purchasing, sum(p.orders)::int AS orders, sum(p.revenue_cents)::bigint AS revenue_cents
    FROM cohort_purchase p JOIN cohort_member m USING (customer_id)
   GROUP BY 1, 2, 3, 4
), lasts AS (
  SELECT breakdown_kind, breakdown_value, cohort_start, last_index, count(*)::int AS customers
    FROM cohort_member GROUP BY 1, 2, 3, 4
), grid AS (
  SELECT b.breakdown_kind, b.breakdown_value, b.cohort_start, k AS period_index
    FROM (SELECT breakdown_kind, breakdown_value, cohort_start, max(last_index) AS max_last FROM lasts GROUP BY 1, 2, 3) b
   CROSS JOIN LATERAL generate_series(0, b.max_last) k
)
SELECT g.breakdown_kind, g.breakdown_value, g.cohort_start, g.period_index,
       coalesce(bu.customers_purchasing, 0) AS customers_purchasing,
       (sum(coalesce(l.customers, 0)) OVER (PARTITION BY g.breakdown_kind, g.breakdown_value, g.cohort_start ORDER BY g.period_index DESC))::int AS customers_on_or_after,
       coalesce(bu.orders, 0) AS orders,
       coalesce(bu.revenue_cents, 0)::bigint AS revenue_cents
  FROM grid g
  LEFT JOIN buys bu USING (breakdown_kind, breakdown_value, cohort_start, period_index)
  LEFT JOIN lasts l ON l.breakdown_kind = g.breakdown_kind AND l.breakdown_value = g.breakdown_value
                   AND l.cohort_start = g.cohort_start AND l.last_index = g.period_index`;

/**
 * Each cohort's size, repeat purchase days, and the model's expectation for
 * them: the sum over its customers of E[X(T)] for their age T, looked up in
 * the per-age table of parameters $n (ages in days) and $n+1 (expected
 * repeat purchase days); NULL when there is no model.
 */
export function cohortSummarySql(n: number): string {
  return `
SELECT m.breakdown_kind, m.breakdown_value, m.cohort_start, count(*)::int AS customers,
       sum(m.repeat_days)::bigint AS repeat_purchase_days,
       sum(e.expected) AS expected_repeat_purchase_days
  FROM cohort_member m
  LEFT JOIN unnest($${n}::int4[], $${n + 1}::float8[]) AS e(t_days, expected) ON e.t_days = m.t_days
 GROUP BY 1, 2, 3`;
}

export const COHORT_AGES_SQL = `SELECT DISTINCT t_days FROM cohort_member ORDER BY 1`;
