/**
 * The SQL of a CLV run. The run's session holds three temp tables:
 * clv_summary (one row per customer who has ordered), and the scores the
 * models computed per distinct pattern, copied back in.
 *
 * Summaries follow the BTYD conventions: orders on the same calendar day (in
 * the workspace's time zone) are one purchase day with their totals summed;
 * x = number of repeat purchase days; tx = days from the first to the last
 * purchase day; T = days from the first purchase day to the as-of date;
 * monetary value = mean amount of the repeat purchase days (first excluded),
 * rounded to the cent, NULL when x = 0.
 */

// $1 workspace id, $2 as-of, $3 time zone, $4 excluded order statuses. One statement.
export const BUILD_CLV_SUMMARY = `
CREATE TEMP TABLE clv_summary AS
WITH purchase_days AS (
  SELECT o.customer_id, (o.placed_at AT TIME ZONE $3)::date AS day, sum(o.total) AS amount
    FROM customer_order o
   WHERE o.workspace_id = $1
     AND o.placed_at <= $2::timestamptz
     AND o.status <> ALL ($4::text[])
   GROUP BY o.customer_id, day
), numbered AS (
  SELECT d.customer_id, d.day, d.amount, row_number() OVER (PARTITION BY d.customer_id ORDER BY d.day) AS nth
    FROM purchase_days d
), per_customer AS (
  SELECT n.customer_id,
         (count(*) - 1)::int AS x,
         (max(n.day) - min(n.day))::int AS tx_days,
         ((($2::timestamptz) AT TIME ZONE $3)::date - min(n.day))::int AS t_days,
         round(avg(n.amount) FILTER (WHERE n.nth > 1), 2) AS monetary_value
    FROM numbered n
   GROUP BY n.customer_id
)
-- Only the workspace's own customers, whatever an order row claims.
SELECT p.* FROM per_customer p JOIN customer c ON c.id = p.customer_id AND c.workspace_id = $1`;

/** Identical (x, tx, T) rows compressed into weights: what the transaction model is fitted to and scored on. */
export const FIT_PATTERNS = `
SELECT x, tx_days, t_days, count(*)::int AS customers
  FROM clv_summary GROUP BY x, tx_days, t_days`;

/**
 * Spend patterns for Gamma-Gamma: repeat buyers with a positive mean spend.
 * The numeric is read as text so the scores join back on the exact value.
 */
export const SPEND_PATTERNS = `
SELECT x, monetary_value::text AS monetary_value, count(*)::int AS customers
  FROM clv_summary WHERE x > 0 AND monetary_value > 0 GROUP BY x, monetary_value`;

export const CREATE_SCORE_TABLES = `
CREATE TEMP TABLE clv_pattern_score (
  x int NOT NULL, tx_days int NOT NULL, t_days int NOT NULL,
  p_alive float8 NOT NULL, purchases_90d float8 NOT NULL, purchases_365d float8 NOT NULL,
  discounted_purchases_12m float8 NOT NULL,
  purchase_7d float8 NOT NULL, purchase_14d float8 NOT NULL, purchase_30d float8 NOT NULL,
  next_gap_days float8 NOT NULL,
  PRIMARY KEY (x, tx_days, t_days));
CREATE TEMP TABLE clv_spend_score (
  x int NOT NULL, monetary_value numeric NOT NULL, expected_spend float8 NOT NULL,
  PRIMARY KEY (x, monetary_value))`;

export const PATTERN_SCORE_COLUMNS = [
  "x",
  "tx_days",
  "t_days",
  "p_alive",
  "purchases_90d",
  "purchases_365d",
  "discounted_purchases_12m",
  "purchase_7d",
  "purchase_14d",
  "purchase_30d",
  "next_gap_days",
] as const;
export const SPEND_SCORE_COLUMNS = ["x", "monetary_value", "expected_spend"] as const;

/**
 * Scores every customer who has ordered, in one statement: the pattern scores
 * and the expected spend joined back to the customers. Customers without a
 * usable spend pattern (one purchase day, or a non-positive mean) are valued
 * at the population mean spend ($3). Churn-risk band from P(alive):
 * >= $4 "low", >= $5 "medium", otherwise "high". The next purchase is due
 * the median gap (rounded to whole days) after the last purchase day, which
 * is the as-of day (as-of $6 in time zone $7) less T plus tx.
 * $1 workspace id, $2 run id.
 */
export const UPSERT_CLV_METRICS = `
INSERT INTO customer_metrics AS cm (
  customer_id, workspace_id, p_alive, expected_purchases_90d, expected_purchases_365d,
  predicted_clv_12m, churn_risk_band,
  purchase_probability_7d, purchase_probability_14d, purchase_probability_30d, next_purchase_gap_days, next_purchase_due_on,
  clv_run_id, computed_at)
SELECT s.customer_id, $1, p.p_alive, p.purchases_90d, p.purchases_365d,
       p.discounted_purchases_12m * COALESCE(sp.expected_spend, $3::float8),
       CASE WHEN p.p_alive >= $4::float8 THEN 'low' WHEN p.p_alive >= $5::float8 THEN 'medium' ELSE 'high' END,
       p.purchase_7d, p.purchase_14d, p.purchase_30d, p.next_gap_days,
       -- a gap beyond any calendar (a one-time buyer under an extreme fit) has no due day
       CASE WHEN p.next_gap_days < 36500 THEN (($6::timestamptz) AT TIME ZONE $7)::date - s.t_days + s.tx_days + round(p.next_gap_days)::int END,
       $2, now()
  FROM clv_summary s
  JOIN clv_pattern_score p ON p.x = s.x AND p.tx_days = s.tx_days AND p.t_days = s.t_days
  LEFT JOIN clv_spend_score sp ON sp.x = s.x AND sp.monetary_value = s.monetary_value
 -- In key order, each heap and primary-key page is visited once instead of at
 -- random: at 1M customers this cut the write-ahead log from 4.2 to 1.5 GB and
 -- the statement's time by half (bench/clv-pipeline.ts).
 ORDER BY s.customer_id
ON CONFLICT (customer_id) DO UPDATE SET
  p_alive = EXCLUDED.p_alive,
  expected_purchases_90d = EXCLUDED.expected_purchases_90d,
  expected_purchases_365d = EXCLUDED.expected_purchases_365d,
  predicted_clv_12m = EXCLUDED.predicted_clv_12m,
  churn_risk_band = EXCLUDED.churn_risk_band,
  purchase_probability_7d = EXCLUDED.purchase_probability_7d,
  purchase_probability_14d = EXCLUDED.purchase_probability_14d,
  purchase_probability_30d = EXCLUDED.purchase_probability_30d,
  next_purchase_gap_days = EXCLUDED.next_purchase_gap_days,
  next_purchase_due_on = EXCLUDED.next_purchase_due_on,
  clv_run_id = EXCLUDED.clv_run_id,
  computed_at = EXCLUDED.computed_at`;

/**
 * Customers whose churn-risk band is about to rise (low -> medium -> high),
 * compared with the band they hold now, before UPSERT_CLV_METRICS replaces
 * it. Runs in the same transaction, so a change is recorded exactly when the
 * new band is published. Customers scored for the first time have no band to
 * move from. $1 workspace id, $2 run id, $3/$4 the low/medium thresholds.
 */
export const RECORD_CHURN_BAND_RISES = `
INSERT INTO churn_band_change (workspace_id, customer_id, run_id, from_band, to_band)
SELECT $1, s.customer_id, $2, cm.churn_risk_band, b.band
  FROM clv_summary s
  JOIN clv_pattern_score p ON p.x = s.x AND p.tx_days = s.tx_days AND p.t_days = s.t_days
  JOIN customer_metrics cm ON cm.customer_id = s.customer_id
  CROSS JOIN LATERAL (SELECT CASE WHEN p.p_alive >= $3::float8 THEN 'low' WHEN p.p_alive >= $4::float8 THEN 'medium' ELSE 'high' END AS band) b
 WHERE cm.churn_risk_band IS NOT NULL
   AND array_position(ARRAY['low', 'medium', 'high'], b.band) > array_position(ARRAY['low', 'medium', 'high'], cm.churn_risk_band)`;

/**
 * Customers who no longer have counted orders lose their old predictions.
 * Only rows that still carry values are touched. $1 workspace id, $2 run id.
 */
export const CLEAR_STALE_CLV = `
UPDATE customer_metrics
   SET p_alive = NULL, expected_purchases_90d = NULL, expected_purchases_365d = NULL,
       predicted_clv_12m = NULL, churn_risk_band = NULL, clv_run_id = NULL, computed_at = now(),
       purchase_probability_7d = NULL, purchase_probability_14d = NULL, purchase_probability_30d = NULL,
       next_purchase_gap_days = NULL, next_purchase_due_on = NULL
 WHERE workspace_id = $1
   AND clv_run_id IS DISTINCT FROM $2
   AND (p_alive IS NOT NULL OR predicted_clv_12m IS NOT NULL OR churn_risk_band IS NOT NULL
        OR expected_purchases_90d IS NOT NULL OR expected_purchases_365d IS NOT NULL OR clv_run_id IS NOT NULL)`;

export const CLV_BAND_COUNTS = `
SELECT churn_risk_band AS band, count(*)::int AS customers, sum(predicted_clv_12m) AS clv
  FROM customer_metrics WHERE workspace_id = $1 AND clv_run_id = $2 GROUP BY churn_risk_band`;
