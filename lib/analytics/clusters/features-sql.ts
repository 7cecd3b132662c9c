/**
 * The SQL of a clusters run's features, on the run's own connection in temp
 * tables (nothing visible until the publishing transaction). Counted orders
 * are those RFM and CLV count: not in the excluded statuses, placed at or
 * before the as-of time, of the workspace's own customers. Each feature is
 * defined in docs/value-drivers.md.
 *
 * The order lines are read once: one grouped pass writes a row per customer
 * and category path with the sums the features need, and a row per category
 * path and unit price with its number of lines, from which the category
 * medians are exact. Everything after reads those rows (a few per customer),
 * never the lines again. The orders are read once more on their own, for what
 * is per order (count, revenue, channel, purchase days).
 */

/**
 * The workspace's products with a small integer per category path, so the
 * line pass groups on (customer, int) rather than on text. $1 workspace.
 */
export const BUILD_PRODUCTS = `
CREATE TEMP TABLE vd_product AS
SELECT p.id, p.category, k.category_id, p.launch_date
  FROM product p
  LEFT JOIN (SELECT category, (row_number() OVER (ORDER BY category))::int AS category_id
               FROM (SELECT DISTINCT category FROM product WHERE workspace_id = $1 AND category IS NOT NULL) d) k
    ON k.category = p.category
 WHERE p.workspace_id = $1`;

/**
 * The one pass over the order lines of counted orders. A line's spend is
 * quantity × unit price − discount, never below 0; each line's values are
 * worked out once (the inner query, kept apart by OFFSET 0) and then summed
 * into two groupings at once. Values are converted to float8 once per line
 * (a numeric's conversion goes through text, and it was most of the pass's
 * arithmetic); whether the spend is positive is decided on the exact
 * numerics, so a fully discounted line stays exactly 0. Rows with `by_price` are one per (category
 * path, unit price): their `lines` give the medians, their `spend` ranks the
 * top-level categories. The others are one per customer and category path
 * (NULL: lines without a product, or whose product has none).
 * $1 workspace, $2 as-of, $3 time zone, $4 excluded statuses, $5 novelty window in days.
 */
export const BUILD_LINE_GROUPS = `
CREATE TEMP TABLE vd_line_group AS
SELECT GROUPING(customer_id) = 1 AS by_price, customer_id, category_id, unit_price,
       count(*) AS lines, sum(gross) AS gross, sum(discount) AS discount, sum(spend) AS spend,
       sum(spend * unit_price) AS spend_times_price, sum(spend) FILTER (WHERE is_new) AS new_spend
  FROM (
    SELECT customer_id, category_id, unit_price, gross, discount,
           CASE WHEN positive THEN gross - discount ELSE 0 END AS spend, is_new
      FROM (
    SELECT o.customer_id, p.category_id, i.unit_price::float8 AS unit_price,
           i.quantity * i.unit_price::float8 AS gross, i.discount::float8 AS discount,
           i.quantity * i.unit_price > i.discount AS positive,
           p.launch_date IS NOT NULL
             AND (o.placed_at AT TIME ZONE $3)::date >= p.launch_date
             AND (o.placed_at AT TIME ZONE $3)::date < p.launch_date + $5::int AS is_new
      FROM order_item i
      JOIN customer_order o ON o.id = i.order_id AND o.workspace_id = $1
      JOIN customer c ON c.id = o.customer_id AND c.workspace_id = $1
      LEFT JOIN vd_product p ON p.id = i.product_id
     WHERE i.workspace_id = $1
       AND o.placed_at <= $2::timestamptz
       AND o.status <> ALL ($4::text[])
    OFFSET 0
      ) typed
  ) line
 GROUP BY GROUPING SETS ((customer_id, category_id), (category_id, unit_price))`;

/**
 * Each category path's median unit price over the counted lines (the
 * yardstick of the price level), as percentile_cont(0.5) interpolates it,
 * read off the (path, price) line counts: the values at sorted positions
 * ⌊(n − 1)/2⌋ and ⌈(n − 1)/2⌉ are the first prices whose running count passes
 * them. Also each path's top-level category ('' for none).
 */
export const BUILD_CATEGORIES = `
CREATE TEMP TABLE vd_category AS
WITH running AS (
  SELECT category_id, unit_price,
         sum(lines) OVER (PARTITION BY category_id ORDER BY unit_price) AS upto,
         sum(lines) OVER (PARTITION BY category_id) AS n
    FROM vd_line_group WHERE by_price AND category_id IS NOT NULL
), ends AS (
  SELECT category_id, n,
         min(unit_price) FILTER (WHERE upto > floor((n - 1) / 2.0)) AS low,
         min(unit_price) FILTER (WHERE upto > ceil((n - 1) / 2.0)) AS high
    FROM running GROUP BY category_id, n
), names AS (
  SELECT DISTINCT category_id, category FROM vd_product WHERE category_id IS NOT NULL
)
SELECT e.category_id, low + (high - low) * ((n - 1) / 2.0 - floor((n - 1) / 2.0))::float8 AS median,
       COALESCE(NULLIF(btrim(split_part(names.category, ' > ', 1)), ''), '') AS top_category
  FROM ends e JOIN names ON names.category_id = e.category_id`;

/** The workspace's top-level categories by spend; $1 how many are kept (the rest share one "Other" column). */
export const TOP_CATEGORIES = `
SELECT k.top_category AS label
  FROM vd_line_group g JOIN vd_category k ON k.category_id = g.category_id
 WHERE g.by_price AND k.top_category <> ''
 GROUP BY k.top_category ORDER BY sum(g.spend) DESC, k.top_category LIMIT $1`;

/** The channels with the most counted orders; $1 workspace, $2 as-of, $3 excluded statuses, $4 how many are kept. */
export const TOP_CHANNELS = `
SELECT COALESCE(NULLIF(btrim(o.channel), ''), '(none)') AS label
  FROM customer_order o
  JOIN customer c ON c.id = o.customer_id AND c.workspace_id = $1
 WHERE o.workspace_id = $1
   AND o.placed_at <= $2::timestamptz
   AND o.status <> ALL ($3::text[])
 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $4`;

/**
 * The pass over the counted orders, one row per customer: count, revenue,
 * orders per kept channel, and the gaps between purchase days. Days in
 * order, the non-zero differences between neighbours are exactly the gaps
 * between consecutive distinct purchase days. `channelCount` is a code
 * constant (the number of labels kept), so the generated FILTER columns are
 * never user input; the labels are parameter $5.
 * $1 workspace, $2 as-of, $3 time zone, $4 excluded statuses, $5 channels.
 */
export function buildCustomerOrdersSql(channelCount: number): string {
  const channelOrders = Array.from({ length: channelCount }, (_, i) => `count(*) FILTER (WHERE channel = ($5::text[])[${i + 1}])`);
  channelOrders.push(`count(*) FILTER (WHERE NOT (channel = ANY ($5::text[])))`);
  return `
CREATE TEMP TABLE vd_customer_order AS
SELECT customer_id, count(*)::int AS order_count, sum(total)::float8 AS revenue,
       ARRAY[${channelOrders.join(", ")}]::float8[] AS channel_orders,
       count(gap) FILTER (WHERE gap > 0) AS gaps,
       avg(gap) FILTER (WHERE gap > 0) AS mean_gap,
       stddev_pop(gap) FILTER (WHERE gap > 0) AS sd_gap
  FROM (
    SELECT customer_id, total, channel, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
      FROM (
        SELECT o.customer_id, o.total, COALESCE(NULLIF(btrim(o.channel), ''), '(none)') AS channel,
               (o.placed_at AT TIME ZONE $3)::date AS day
          FROM customer_order o
          JOIN customer c ON c.id = o.customer_id AND c.workspace_id = $1
         WHERE o.workspace_id = $1
           AND o.placed_at <= $2::timestamptz
           AND o.status <> ALL ($4::text[])
      ) counted
  ) ordered
 GROUP BY customer_id`;
}

/**
 * One row per customer with counted orders, from the two passes. The price
 * level sums each path's spend × price ÷ its median (the same sum as line by
 * line, grouped). `categoryCount` is a code constant as above; the labels are
 * parameter $1.
 */
export function buildFeaturesSql(categoryCount: number): string {
  const categoryShares = Array.from({ length: categoryCount }, (_, i) => `sum(g.spend) FILTER (WHERE k.top_category = ($1::text[])[${i + 1}])`);
  categoryShares.push(`sum(g.spend) FILTER (WHERE k.top_category IS NULL OR NOT (k.top_category = ANY ($1::text[])))`);
  return `
CREATE TEMP TABLE vd_feature AS
WITH per_line AS (
  SELECT g.customer_id, sum(g.gross) AS gross, sum(g.discount) AS discount, sum(g.spend) AS spend,
         sum(g.spend_times_price / k.median) FILTER (WHERE k.median > 0) AS priced_spend_ratio,
         sum(g.spend) FILTER (WHERE k.median > 0) AS priced_spend,
         sum(g.new_spend) AS new_spend,
         ARRAY[${categoryShares.join(", ")}]::float8[] AS category_spend
    FROM vd_line_group g LEFT JOIN vd_category k ON k.category_id = g.category_id
   WHERE NOT g.by_price
   GROUP BY g.customer_id
)
SELECT o.customer_id, o.order_count, o.revenue / o.order_count AS average_order_value,
       CASE WHEN pl.gross > 0 THEN pl.discount / pl.gross END AS discount_share,
       CASE WHEN pl.priced_spend > 0 THEN pl.priced_spend_ratio / pl.priced_spend END AS price_level,
       CASE WHEN pl.spend > 0 THEN COALESCE(pl.new_spend, 0) / pl.spend END AS novelty,
       CASE WHEN o.gaps >= 2 THEN CASE WHEN o.mean_gap > 0 THEN o.sd_gap::float8 / o.mean_gap::float8 ELSE 0 END END AS regularity,
       CASE WHEN pl.spend > 0 THEN ARRAY(SELECT COALESCE(v, 0) / pl.spend FROM unnest(pl.category_spend) WITH ORDINALITY AS u(v, n) ORDER BY n)
            ELSE '{}'::float8[] END AS category_share,
       ARRAY(SELECT v / o.order_count FROM unnest(o.channel_orders) WITH ORDINALITY AS u(v, n) ORDER BY n) AS channel_share,
       (pl.spend > 0) AS clusterable
  FROM vd_customer_order o
  LEFT JOIN per_line pl ON pl.customer_id = o.customer_id`;
}

/**
 * Clusterable customers' features for COPY TO in binary, in customer id order (the order labels come back in):
 * id, AOV, the four behaviour features, then each share as a column of its own (every clusterable customer has
 * all of them). The counts are code constants (labels kept + "Other").
 */
export function streamFeaturesSql(categoryColumns: number, channelColumns: number): string {
  const shares = [
    ...Array.from({ length: categoryColumns }, (_, i) => `category_share[${i + 1}]`),
    ...Array.from({ length: channelColumns }, (_, i) => `channel_share[${i + 1}]`),
  ];
  return `
COPY (SELECT customer_id, average_order_value, discount_share, price_level, novelty, regularity, ${shares.join(", ")}
        FROM vd_feature WHERE clusterable ORDER BY customer_id) TO STDOUT (FORMAT binary)`;
}

export const CREATE_ASSIGNMENT_TABLE = `CREATE TEMP TABLE vd_assignment (customer_id bigint PRIMARY KEY, cluster smallint NOT NULL)`;

/** Publishing: replace the workspace's features with this run's, each with its cluster. $1 workspace, $2 run. */
export const DELETE_CUSTOMER_FEATURES = `DELETE FROM customer_feature WHERE workspace_id = $1`;
export const INSERT_CUSTOMER_FEATURES = `
INSERT INTO customer_feature (customer_id, workspace_id, run_id, order_count, average_order_value, discount_share,
                              price_level, novelty, regularity, category_share, channel_share, cluster)
SELECT f.customer_id, $1, $2, f.order_count, f.average_order_value, f.discount_share, f.price_level, f.novelty,
       f.regularity, f.category_share, f.channel_share, a.cluster
  FROM vd_feature f LEFT JOIN vd_assignment a ON a.customer_id = f.customer_id`;

/**
 * Value of each cluster from the kept metrics (RFM revenue, CLV predictions), read from vd_assignment so it
 * sees this run's labels. $1 workspace.
 */
export const CLUSTER_VALUES = `
SELECT a.cluster, count(*)::int AS customers, COALESCE(sum(m.revenue), 0)::text AS revenue,
       sum(m.predicted_clv_12m) AS predicted_clv_12m, avg(m.p_alive) AS mean_p_alive
  FROM vd_assignment a LEFT JOIN customer_metrics m ON m.customer_id = a.customer_id AND m.workspace_id = $1
 GROUP BY a.cluster ORDER BY a.cluster`;
