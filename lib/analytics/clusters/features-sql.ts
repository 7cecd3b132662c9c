/**
 * The SQL of a clusters run's features, on the run's own connection in temp
 * tables (nothing visible until the publishing transaction). Counted orders
 * are those RFM and CLV count: not in the excluded statuses, placed at or
 * before the as-of time, of the workspace's own customers. Each feature is
 * defined in docs/value-drivers.md.
 *
 * The category medians come from the workspace's lines alone, without their
 * orders: every line of a categorised product counted by (category, unit
 * price), less the lines of the workspace's orders that do not count. That
 * is the counted lines exactly when every line's order and customer are the
 * workspace's own, which the line pass then confirms by count; where they
 * are not (a line of another workspace's order), the medians are counted
 * again through the orders and the line pass runs again. The line pass reads
 * the lines once, joined to their orders, grouped by customer with every
 * line sum the features need, each line looking up its product's median,
 * kept category and novelty window. The orders are read once more on their
 * own, for what is per order (count, revenue, channel, purchase days).
 */

/**
 * The workspace's products: category path, launch date, and a number for
 * each category path (the price counts group by it: an integer hashes faster
 * than the path's text). $1 workspace.
 */
export const BUILD_PRODUCTS = `
CREATE TEMP TABLE vd_product AS
SELECT id, category, launch_date,
       CASE WHEN category IS NOT NULL THEN dense_rank() OVER (ORDER BY category) END::int AS category_no
  FROM product WHERE workspace_id = $1`;

/** The categorised products and their category numbers, as arrays for the price counts. */
export const PRODUCT_CATEGORY_NUMBERS = `
SELECT COALESCE(array_agg(id ORDER BY id), '{}') AS ids, COALESCE(array_agg(category_no ORDER BY id), '{}') AS category_nos
  FROM vd_product WHERE category_no IS NOT NULL`;

const LINE_SPEND = `CASE WHEN i.quantity * i.unit_price > i.discount THEN i.quantity * i.unit_price - i.discount ELSE 0 END`;

/**
 * The sums a price count keeps of its lines, all of one unit price p: their
 * number, and what gives their spend. A line without a discount is worth
 * max(quantity × p, 0), which is p × quantity where quantity has p's sign,
 * so those lines only add up their quantities by sign (integer sums) and p
 * multiplies a group's total once; only discounted lines work out their
 * spend (numeric) line by line. Exact, as LINE_SPEND summed, and without a
 * numeric product and sum for each undiscounted line (13.5 s → 8.0 s over
 * 17M lines). PRICE_COUNT_SPEND turns them into the spend.
 */
const PRICE_COUNT_SUMS = `count(*) AS lines,
       sum(i.quantity) FILTER (WHERE i.discount = 0 AND i.quantity > 0) AS plain_up,
       sum(i.quantity) FILTER (WHERE i.discount = 0 AND i.quantity < 0) AS plain_down,
       sum(${LINE_SPEND}) FILTER (WHERE i.discount <> 0) AS discounted_spend`;
const PRICE_COUNT_SPEND = `CASE WHEN unit_price > 0 THEN unit_price * COALESCE(plain_up, 0)
            WHEN unit_price < 0 THEN unit_price * COALESCE(plain_down, 0)
            ELSE 0 END + COALESCE(discounted_spend, 0)`;

/**
 * A price count table (category number, unit price, lines, spend) over the
 * lines `source` yields as `i` with their product's category number as
 * `p.category_no`: the three kinds differ only in which lines they read.
 */
function priceCountTable(table: string, source: string): string {
  return `
CREATE TEMP TABLE ${table} AS
SELECT category_no, unit_price, lines, ${PRICE_COUNT_SPEND} AS spend
  FROM (SELECT p.category_no, i.unit_price, ${PRICE_COUNT_SUMS}
        ${source}
         GROUP BY p.category_no, i.unit_price) g`;
}

/**
 * Every line of the workspace's categorised products, one row per category
 * number and unit price: the number of lines (the medians) and their spend
 * (the ranking of the top-level categories). Reads the lines alone, in
 * parallel (only regular tables and parameters): a few hundred thousand
 * groups at 17M lines. $1 workspace, $2 product ids, $3 their category numbers.
 */
export const BUILD_PRICE_COUNTS = priceCountTable(
  "vd_price_count",
  `FROM order_item i
  JOIN unnest($2::int[], $3::int[]) AS p(id, category_no) ON p.id = i.product_id
 WHERE i.workspace_id = $1`,
);

/**
 * The same counts for the lines of the workspace's orders that do not count
 * (an excluded status, or placed after the as-of time): usually few, read
 * through the lines' order index. $1 workspace, $2 as-of, $3 excluded
 * statuses, $4 product ids, $5 their category numbers.
 */
export const BUILD_UNCOUNTED_PRICE_COUNTS = priceCountTable(
  "vd_price_uncounted",
  `FROM customer_order o
  JOIN order_item i ON i.order_id = o.id AND i.workspace_id = $1
  JOIN unnest($4::int[], $5::int[]) AS p(id, category_no) ON p.id = i.product_id
 WHERE o.workspace_id = $1
   AND (o.placed_at > $2::timestamptz OR o.status = ANY ($3::text[]))`,
);

/** The price counts less those of orders that do not count (exact: integer counts, numeric spend); then DELETE_EMPTY_PRICE_COUNTS. */
export const SUBTRACT_UNCOUNTED = `
UPDATE vd_price_count c SET lines = c.lines - u.lines, spend = c.spend - u.spend
  FROM vd_price_uncounted u
 WHERE u.category_no = c.category_no AND u.unit_price = c.unit_price`;
export const DELETE_EMPTY_PRICE_COUNTS = `DELETE FROM vd_price_count WHERE lines = 0`;

/**
 * The price counts through the lines' orders and customers: the counted
 * lines by definition, for a workspace where a line's order or customer is
 * another workspace's (the count check after the line pass found it).
 * $1 workspace, $2 as-of, $3 excluded statuses, $4 product ids, $5 their category numbers.
 */
export const BUILD_PRICE_COUNTS_THROUGH_ORDERS = priceCountTable(
  "vd_price_count",
  `FROM order_item i
  JOIN customer_order o ON o.id = i.order_id AND o.workspace_id = $1
  JOIN customer c ON c.id = o.customer_id AND c.workspace_id = $1
  JOIN unnest($4::int[], $5::int[]) AS p(id, category_no) ON p.id = i.product_id
 WHERE i.workspace_id = $1
   AND o.placed_at <= $2::timestamptz
   AND o.status <> ALL ($3::text[])`,
);

/**
 * The lines the price counts hold against the counted lines of categorised
 * products the line pass found for the workspace's own customers (the pass
 * also groups the lines of a workspace order whose customer is another
 * workspace's, under that customer): equal exactly when the price counts
 * are the counted lines'. $1 workspace.
 */
export const PRICE_COUNT_CHECK = `
SELECT (SELECT COALESCE(sum(lines), 0) FROM vd_price_count)::text AS price_lines,
       (SELECT COALESCE(sum(l.categorised_lines), 0) FROM vd_customer_line l
          JOIN customer c ON c.id = l.customer_id AND c.workspace_id = $1)::text AS counted_lines`;

/**
 * Each category path's median unit price over the counted lines (the
 * yardstick of the price level), as percentile_cont(0.5) interpolates it,
 * read off the (path, price) line counts: the values at sorted positions
 * ⌊(n − 1)/2⌋ and ⌈(n − 1)/2⌉ are the first prices whose running count passes
 * them. Also each path's top-level category ('' for none) and its spend.
 * A path none of whose lines count has no row.
 */
export const BUILD_CATEGORIES = `
CREATE TEMP TABLE vd_category AS
WITH running AS (
  SELECT category_no, unit_price, spend,
         sum(lines) OVER (PARTITION BY category_no ORDER BY unit_price) AS upto,
         sum(lines) OVER (PARTITION BY category_no) AS n
    FROM vd_price_count
), ends AS (
  SELECT category_no, n, sum(spend) AS spend,
         min(unit_price) FILTER (WHERE upto > floor((n - 1) / 2.0)) AS low,
         min(unit_price) FILTER (WHERE upto > ceil((n - 1) / 2.0)) AS high
    FROM running GROUP BY category_no, n
)
SELECT k.category, e.low::float8 + (e.high::float8 - e.low::float8) * ((e.n - 1) / 2.0 - floor((e.n - 1) / 2.0))::float8 AS median, e.spend,
       COALESCE(NULLIF(btrim(split_part(k.category, ' > ', 1)), ''), '') AS top_category
  FROM ends e
  JOIN (SELECT DISTINCT category_no, category FROM vd_product WHERE category_no IS NOT NULL) k ON k.category_no = e.category_no`;

/** The workspace's top-level categories by spend; $1 how many are kept (the rest share one "Other" column). */
export const TOP_CATEGORIES = `
SELECT top_category AS label
  FROM vd_category
 WHERE top_category <> ''
 GROUP BY top_category ORDER BY sum(spend) DESC, top_category LIMIT $1`;

/**
 * The first instant whose local date (in time zone `tz`) is the date
 * `day`: local midnight. Where midnight happens twice (a clock set back
 * from 01:00 to 00:00, as in the Azores or Cuba) `AT TIME ZONE` picks the
 * later one; the earlier, at the offset of the day before, is taken when it
 * is that day's midnight. Where midnight does not happen (a clock set forward
 * from 00:00) it gives the instant the day starts. Both are SQL expressions.
 */
export function localDayStartSql(day: string, tz: string): string {
  const later = `(${day}::timestamp AT TIME ZONE ${tz})`;
  const before = `(${later} - interval '1 day')`;
  const earlier = `((${day}::timestamp - ((${before} AT TIME ZONE ${tz}) - (${before} AT TIME ZONE 'UTC'))) AT TIME ZONE 'UTC')`;
  return `CASE WHEN ${earlier} < ${later} AND (${earlier} AT TIME ZONE ${tz})::date >= ${day} THEN ${earlier} ELSE ${later} END`;
}

/**
 * What the line pass needs of each product, one row each (a few hundred):
 * its path's median when positive, the position of its top-level category
 * among the kept ones ($3: labels; anything else is the "Other" column,
 * labels + 1), and its novelty window as instants: a line is new when its
 * order was placed in [new_from, new_until), which is the same as its local
 * purchase day d satisfying launch ≤ d < launch + N (local dates never run
 * backwards), without converting each order's time. Returned as arrays, so
 * the line pass reads only regular tables and parameters; with each
 * product's category number (null without a category).
 * $1 time zone, $2 novelty window in days, $3 kept top-level categories.
 */
export const PRODUCT_VALUES = `
SELECT COALESCE(array_agg(id ORDER BY id), '{}') AS ids,
       COALESCE(array_agg(median ORDER BY id), '{}') AS medians,
       COALESCE(array_agg(kept ORDER BY id), '{}') AS kept,
       COALESCE(array_agg(new_from::text ORDER BY id), '{}') AS new_from,
       COALESCE(array_agg(new_until::text ORDER BY id), '{}') AS new_until,
       COALESCE(array_agg(category_no ORDER BY id), '{}') AS category_nos
  FROM (
    SELECT p.id, p.category_no, CASE WHEN k.median > 0 THEN k.median END AS median,
           COALESCE(array_position($3::text[], k.top_category), cardinality($3::text[]) + 1) AS kept,
           ${localDayStartSql("p.launch_date", "$1::text")} AS new_from,
           ${localDayStartSql("(p.launch_date + $2::int)", "$1::text")} AS new_until
      FROM vd_product p LEFT JOIN vd_category k ON k.category = p.category
  ) v`;

/**
 * The pass over the order lines of counted orders, one row per customer
 * with every sum the features need and the share of spend in each kept
 * top-level category and "Other" (empty with no spend). A line's spend is quantity × unit price −
 * discount, never below 0; whether it is positive is decided on the exact
 * numerics, so a fully discounted line stays exactly 0, and the sums are
 * float8. Each line finds its product's median, kept-category column and
 * novelty window in the per-product arrays (PRODUCT_VALUES), so the price
 * level is Σ spend × price ÷ median line by line; lines without a product
 * (or of another workspace's product) are uncategorised. Only regular tables
 * and parameters, so it runs in parallel. `categoryCount` is a code
 * constant (the number of labels kept), so the generated FILTER columns are
 * never user input. The line values are computed once per line: a
 * subquery Postgres folds into the aggregate gives each aggregate its own
 * copy of the expressions (spend alone would be worked out thirteen times a
 * line, a third of the pass), and a volatile column (clock_timestamp(),
 * parallel safe, never read) keeps it from folding it; OFFSET 0 would too,
 * but would also keep the pass to one process. The inner subquery, fenced
 * the same way, converts price and discount to float8 once each (each
 * numeric-to-float8 conversion is a few percent of the pass) and decides
 * whether the line is worth anything: without a discount by the signs of
 * quantity and price, with one by the exact numeric product (25.5–29.5 s →
 * 22.6–22.8 s at 17M lines, against one level).
 * Also the number of lines of categorised products, which the price counts
 * must hold as many of. $1 workspace, $2 as-of, $3 excluded statuses, $4
 * product ids, $5 medians, $6 kept-category positions, $7 novelty window
 * starts, $8 novelty window ends, $9 category numbers.
 */
export function buildCustomerLinesSql(categoryCount: number): string {
  const categorySpend = Array.from({ length: categoryCount }, (_, i) => `COALESCE(sum(spend) FILTER (WHERE kept = ${i + 1}), 0) / sum(spend)`);
  categorySpend.push(`COALESCE(sum(spend) FILTER (WHERE kept IS NULL OR kept > ${categoryCount}), 0) / sum(spend)`);
  return `
CREATE TEMP TABLE vd_customer_line AS
SELECT customer_id, count(*) FILTER (WHERE category_no IS NOT NULL) AS categorised_lines,
       sum(gross) AS gross, sum(discount) AS discount, sum(spend) AS spend,
       sum(spend * unit_price / median) FILTER (WHERE median > 0) AS priced_spend_ratio,
       sum(spend) FILTER (WHERE median > 0) AS priced_spend,
       sum(spend) FILTER (WHERE placed_at >= new_from AND placed_at < new_until) AS new_spend,
       CASE WHEN sum(spend) > 0 THEN ARRAY[${categorySpend.join(", ")}]::float8[] ELSE '{}'::float8[] END AS category_share
  FROM (
    SELECT clock_timestamp() AS fence, customer_id, placed_at, median, kept, new_from, new_until, category_no, unit_price,
           quantity * unit_price AS gross, discount,
           CASE WHEN worth THEN quantity * unit_price - discount ELSE 0 END AS spend
      FROM (
        SELECT clock_timestamp() AS fence, o.customer_id, o.placed_at, p.median, p.kept, p.new_from, p.new_until, p.category_no,
               i.quantity, i.unit_price::float8 AS unit_price, i.discount::float8 AS discount,
               CASE WHEN i.discount = 0 THEN (i.quantity > 0 AND i.unit_price > 0) OR (i.quantity < 0 AND i.unit_price < 0)
                    ELSE i.quantity * i.unit_price > i.discount END AS worth
          FROM order_item i
          JOIN customer_order o ON o.id = i.order_id AND o.workspace_id = $1
          LEFT JOIN unnest($4::int[], $5::float8[], $6::int[], $7::timestamptz[], $8::timestamptz[], $9::int[]) AS p(id, median, kept, new_from, new_until, category_no)
            ON p.id = i.product_id
         WHERE i.workspace_id = $1
           AND o.placed_at <= $2::timestamptz
           AND o.status <> ALL ($3::text[])
      ) converted
  ) line
 GROUP BY customer_id`;
}

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
 * the share of orders in each kept channel and "Other", and the gaps between
 * purchase days. Days in
 * order, the non-zero differences between neighbours are exactly the gaps
 * between consecutive distinct purchase days. `channelCount` is a code
 * constant (the number of labels kept), so the generated FILTER columns are
 * never user input; the labels are parameter $5.
 * $1 workspace, $2 as-of, $3 time zone, $4 excluded statuses, $5 channels.
 */
export function buildCustomerOrdersSql(channelCount: number): string {
  const channelOrders = Array.from({ length: channelCount }, (_, i) => `(count(*) FILTER (WHERE channel = ($5::text[])[${i + 1}]))::float8 / count(*)`);
  channelOrders.push(`(count(*) FILTER (WHERE NOT (channel = ANY ($5::text[]))))::float8 / count(*)`);
  return `
CREATE TEMP TABLE vd_customer_order AS
SELECT customer_id, count(*)::int AS order_count, sum(total)::float8 AS revenue,
       ARRAY[${channelOrders.join(", ")}]::float8[] AS channel_share,
       count(gap) FILTER (WHERE gap > 0) AS gaps,
       avg(gap) FILTER (WHERE gap > 0) AS mean_gap,
       stddev_pop(gap) FILTER (WHERE gap > 0) AS sd_gap
  FROM (
    SELECT customer_id, total, channel, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
      FROM (
        SELECT o.customer_id, o.total, COALESCE(NULLIF(btrim(o.channel), ''), '(none)') AS channel,
               (o.placed_at AT TIME ZONE $3)::date AS day
          FROM customer_order o
         WHERE o.workspace_id = $1
           AND o.placed_at <= $2::timestamptz
           AND o.status <> ALL ($4::text[])
      ) counted
  ) ordered
 GROUP BY customer_id`;
}

/**
 * One row per customer of the workspace with counted orders, from the two
 * per-customer passes (one row each per customer). The passes group every
 * counted order and line of the workspace by its customer without reading
 * the customers; the customer of a workspace order who is another
 * workspace's (no writer makes one) is left out here, once per customer
 * rather than once per order and line (1–3 s at 17M lines). $1 workspace.
 */
export const BUILD_FEATURES = `
CREATE TEMP TABLE vd_feature AS
SELECT o.customer_id, o.order_count, o.revenue / o.order_count AS average_order_value,
       CASE WHEN l.gross > 0 THEN l.discount / l.gross END AS discount_share,
       CASE WHEN l.priced_spend > 0 THEN l.priced_spend_ratio / l.priced_spend END AS price_level,
       CASE WHEN l.spend > 0 THEN COALESCE(l.new_spend, 0) / l.spend END AS novelty,
       CASE WHEN o.gaps >= 2 THEN CASE WHEN o.mean_gap > 0 THEN o.sd_gap::float8 / o.mean_gap::float8 ELSE 0 END END AS regularity,
       COALESCE(l.category_share, '{}') AS category_share, o.channel_share,
       (l.spend > 0) AS clusterable
  FROM vd_customer_order o
  JOIN customer c ON c.id = o.customer_id AND c.workspace_id = $1
  LEFT JOIN vd_customer_line l ON l.customer_id = o.customer_id`;

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

/**
 * Publishing, in the run's transaction: the workspace's rows become this
 * run's features, each with its cluster. Only rows that differ are written
 * (a repeat run over unchanged data writes almost nothing), so `run_id` is
 * the run that last changed the row; customers without counted orders any
 * more are deleted. Unchanged rows are left out before the upsert (an
 * anti-join that reads them), not by its WHERE, because ON CONFLICT DO
 * UPDATE locks every conflicting row, and so writes every page, even when
 * its WHERE then skips the row. $1 workspace, $2 run.
 */
export const UPSERT_CUSTOMER_FEATURES = `
INSERT INTO customer_feature AS t (customer_id, workspace_id, run_id, order_count, average_order_value, discount_share,
                                   price_level, novelty, regularity, category_share, channel_share, cluster)
SELECT f.customer_id, $1, $2, f.order_count, f.average_order_value, f.discount_share, f.price_level, f.novelty,
       f.regularity, f.category_share, f.channel_share, a.cluster
  FROM vd_feature f LEFT JOIN vd_assignment a ON a.customer_id = f.customer_id
 WHERE NOT EXISTS (
   SELECT 1 FROM customer_feature t
    WHERE t.customer_id = f.customer_id
      AND (t.workspace_id, t.order_count, t.average_order_value, t.discount_share, t.price_level, t.novelty, t.regularity,
           t.category_share, t.channel_share, t.cluster)
          IS NOT DISTINCT FROM
          ($1::int, f.order_count, f.average_order_value, f.discount_share, f.price_level, f.novelty, f.regularity,
           f.category_share, f.channel_share, a.cluster))
ON CONFLICT (customer_id) DO UPDATE
   SET workspace_id = EXCLUDED.workspace_id, run_id = EXCLUDED.run_id, order_count = EXCLUDED.order_count,
       average_order_value = EXCLUDED.average_order_value, discount_share = EXCLUDED.discount_share,
       price_level = EXCLUDED.price_level, novelty = EXCLUDED.novelty, regularity = EXCLUDED.regularity,
       category_share = EXCLUDED.category_share, channel_share = EXCLUDED.channel_share, cluster = EXCLUDED.cluster
 WHERE (t.workspace_id, t.order_count, t.average_order_value, t.discount_share, t.price_level, t.novelty, t.regularity,
        t.category_share, t.channel_share, t.cluster)
       IS DISTINCT FROM
       (EXCLUDED.workspace_id, EXCLUDED.order_count, EXCLUDED.average_order_value, EXCLUDED.discount_share, EXCLUDED.price_level,
        EXCLUDED.novelty, EXCLUDED.regularity, EXCLUDED.category_share, EXCLUDED.channel_share, EXCLUDED.cluster)`;
export const DELETE_STALE_CUSTOMER_FEATURES = `
DELETE FROM customer_feature t
 WHERE t.workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM vd_feature f WHERE f.customer_id = t.customer_id)`;

/**
 * Value of each cluster from the kept metrics (RFM revenue, CLV predictions), read from vd_assignment so it
 * sees this run's labels. $1 workspace.
 */
export const CLUSTER_VALUES = `
SELECT a.cluster, count(*)::int AS customers, COALESCE(sum(m.revenue), 0)::text AS revenue,
       sum(m.predicted_clv_12m) AS predicted_clv_12m, avg(m.p_alive) AS mean_p_alive
  FROM vd_assignment a LEFT JOIN customer_metrics m ON m.customer_id = a.customer_id AND m.workspace_id = $1
 GROUP BY a.cluster ORDER BY a.cluster`;
