/**
 * The SQL of a clusters run's features, on the run's own connection in temp
 * tables (nothing visible until the publishing transaction). Counted orders
 * are those RFM and CLV count: not in the excluded statuses, placed at or
 * before the as-of time, of the workspace's own customers. Each feature is
 * defined in docs/value-drivers.md.
 */

// $1 workspace id, $2 as-of, $3 time zone, $4 excluded order statuses.
export const BUILD_COUNTED_ORDERS = `
CREATE TEMP TABLE vd_order AS
SELECT o.id, o.customer_id, o.total, COALESCE(NULLIF(btrim(o.channel), ''), '(none)') AS channel,
       (o.placed_at AT TIME ZONE $3)::date AS day
  FROM customer_order o
  JOIN customer c ON c.id = o.customer_id AND c.workspace_id = $1
 WHERE o.workspace_id = $1
   AND o.placed_at <= $2::timestamptz
   AND o.status <> ALL ($4::text[])`;

/**
 * Lines of counted orders with what the features need. A line's spend is
 * quantity × unit price − discount, never below 0; its top-level category is
 * the first level of the product's category path ('' when it has none).
 */
export const BUILD_COUNTED_LINES = `
CREATE TEMP TABLE vd_line AS
SELECT o.customer_id, o.day, i.unit_price::float8 AS unit_price,
       (i.quantity * i.unit_price)::float8 AS gross,
       i.discount::float8 AS discount,
       greatest(i.quantity * i.unit_price - i.discount, 0)::float8 AS spend,
       p.category, COALESCE(NULLIF(btrim(split_part(p.category, ' > ', 1)), ''), '') AS top_category,
       p.launch_date
  FROM order_item i
  JOIN vd_order o ON o.id = i.order_id
  LEFT JOIN product p ON p.id = i.product_id AND p.workspace_id = $1
 WHERE i.workspace_id = $1`;

/** Median unit price of each category path over the counted lines: the yardstick of the price level. */
export const BUILD_CATEGORY_MEDIANS = `
CREATE TEMP TABLE vd_category_median AS
SELECT category, percentile_cont(0.5) WITHIN GROUP (ORDER BY unit_price) AS median
  FROM vd_line WHERE category IS NOT NULL GROUP BY category`;

/** The workspace's top-level categories by spend; $1 how many are kept (the rest share one "Other" column). */
export const TOP_CATEGORIES = `
SELECT top_category AS label FROM vd_line WHERE top_category <> ''
 GROUP BY top_category ORDER BY sum(spend) DESC, top_category LIMIT $1`;

/** The channels with the most counted orders; $1 how many are kept. */
export const TOP_CHANNELS = `
SELECT channel AS label FROM vd_order GROUP BY channel ORDER BY count(*) DESC, channel LIMIT $1`;

/**
 * One row per customer with counted orders. `categoryCount` and
 * `channelCount` are code constants (the number of labels kept), so the
 * generated FILTER columns are never user input; the labels themselves are
 * parameters ($1 categories, $2 channels, $3 novelty window in days).
 */
export function buildFeaturesSql(categoryCount: number, channelCount: number): string {
  const categoryShares = Array.from({ length: categoryCount }, (_, i) => `sum(l.spend) FILTER (WHERE l.top_category = ($1::text[])[${i + 1}])`);
  categoryShares.push(`sum(l.spend) FILTER (WHERE NOT (l.top_category = ANY ($1::text[])))`);
  const channelShares = Array.from({ length: channelCount }, (_, i) => `count(*) FILTER (WHERE o.channel = ($2::text[])[${i + 1}])`);
  channelShares.push(`count(*) FILTER (WHERE NOT (o.channel = ANY ($2::text[])))`);
  return `
CREATE TEMP TABLE vd_feature AS
WITH per_order AS (
  SELECT o.customer_id, count(*)::int AS order_count, sum(o.total)::float8 AS revenue,
         ARRAY[${channelShares.join(", ")}]::float8[] AS channel_orders
    FROM vd_order o GROUP BY o.customer_id
), gaps AS (
  SELECT customer_id, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
    FROM (SELECT DISTINCT customer_id, day FROM vd_order) d
), per_gap AS (
  SELECT customer_id,
         CASE WHEN avg(gap) > 0 THEN stddev_pop(gap)::float8 / avg(gap)::float8 ELSE 0 END AS regularity
    FROM gaps WHERE gap IS NOT NULL GROUP BY customer_id HAVING count(gap) >= 2
), per_line AS (
  SELECT l.customer_id, sum(l.gross) AS gross, sum(l.discount) AS discount, sum(l.spend) AS spend,
         sum(l.spend * l.unit_price / m.median) FILTER (WHERE m.median > 0) AS priced_spend_ratio,
         sum(l.spend) FILTER (WHERE m.median > 0) AS priced_spend,
         sum(l.spend) FILTER (WHERE l.launch_date IS NOT NULL AND l.day >= l.launch_date AND l.day < l.launch_date + $3::int) AS new_spend,
         ARRAY[${categoryShares.join(", ")}]::float8[] AS category_spend
    FROM vd_line l LEFT JOIN vd_category_median m ON m.category = l.category
   GROUP BY l.customer_id
)
SELECT o.customer_id, o.order_count, o.revenue / o.order_count AS average_order_value,
       CASE WHEN pl.gross > 0 THEN pl.discount / pl.gross END AS discount_share,
       CASE WHEN pl.priced_spend > 0 THEN pl.priced_spend_ratio / pl.priced_spend END AS price_level,
       CASE WHEN pl.spend > 0 THEN COALESCE(pl.new_spend, 0) / pl.spend END AS novelty,
       g.regularity,
       CASE WHEN pl.spend > 0 THEN ARRAY(SELECT COALESCE(v, 0) / pl.spend FROM unnest(pl.category_spend) WITH ORDINALITY AS u(v, n) ORDER BY n)
            ELSE '{}'::float8[] END AS category_share,
       ARRAY(SELECT v / o.order_count FROM unnest(o.channel_orders) WITH ORDINALITY AS u(v, n) ORDER BY n) AS channel_share,
       (pl.spend > 0) AS clusterable
  FROM per_order o
  LEFT JOIN per_line pl ON pl.customer_id = o.customer_id
  LEFT JOIN per_gap g ON g.customer_id = o.customer_id`;
}

/** Clusterable customers' features as text rows for COPY TO, in customer id order (the order labels come back in). */
export const STREAM_FEATURES = `
COPY (SELECT customer_id, average_order_value, discount_share, price_level, novelty, regularity,
             array_to_string(category_share, ','), array_to_string(channel_share, ',')
        FROM vd_feature WHERE clusterable ORDER BY customer_id) TO STDOUT`;

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
