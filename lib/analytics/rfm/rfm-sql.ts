/**
 * The SQL of an RFM run. All statements are parameterised; the run's session
 * holds the temp table `rfm_stage` (dropped at commit).
 *
 * Scoring rule (docs/rfm.md): a customer's score on a dimension is
 *   ceil(5 × (below + at / 2) / n)
 * where n is the number of customers who have ordered, `below` the number with
 * a strictly worse value and `at` the number with the same value (the
 * customer included). (below + at/2) / n is the mid-rank percentile
 * (scipy's percentileofscore kind="mean"), a function of the value alone, so
 * equal values always share a score. rank() - 1 is `below`, and count(*) over
 * the same ORDER BY (whose frame ends after the current row's peers) is
 * below + at; the sum is 2n × percentile, kept in integers so no rounding can
 * move a boundary: score = (5 × (below + below + at) + 2n - 1) div 2n.
 * Recency is ordered by days since the last order descending, so the most
 * recent buyers score 5.
 */

// $1 workspace id, $2 as-of, $3 time zone, $4 excluded order statuses,
// $5 segment grid (25 names, row-major R then FM), $6 second axis is F alone.
export const BUILD_RFM_STAGE = `
CREATE TEMP TABLE rfm_stage ON COMMIT DROP AS
WITH per_customer AS (
  SELECT o.customer_id,
         min(o.placed_at) AS first_order_at,
         max(o.placed_at) AS last_order_at,
         count(*)::int AS order_count,
         sum(o.total) AS revenue
    FROM customer_order o
   WHERE o.workspace_id = $1
     AND o.placed_at <= $2::timestamptz
     AND o.status <> ALL ($4::text[])
   GROUP BY o.customer_id
), measured AS (
  SELECT p.*,
         ((($2::timestamptz) AT TIME ZONE $3)::date - (p.last_order_at AT TIME ZONE $3)::date) AS recency_days,
         count(*) OVER () AS n
    FROM per_customer p
    -- Only the workspace's own customers, whatever an order row claims.
    JOIN customer c ON c.id = p.customer_id AND c.workspace_id = $1
), ranked AS (
  SELECT m.*,
         rank() OVER r_w - 1 + count(*) OVER r_w AS r_twice,
         rank() OVER f_w - 1 + count(*) OVER f_w AS f_twice,
         rank() OVER m_w - 1 + count(*) OVER m_w AS m_twice
    FROM measured m
  WINDOW r_w AS (ORDER BY m.recency_days DESC),
         f_w AS (ORDER BY m.order_count),
         m_w AS (ORDER BY m.revenue)
), scored AS (
  SELECT customer_id, first_order_at, last_order_at, order_count, revenue, recency_days,
         ((5 * r_twice + 2 * n - 1) / (2 * n))::smallint AS r_score,
         ((5 * f_twice + 2 * n - 1) / (2 * n))::smallint AS f_score,
         ((5 * m_twice + 2 * n - 1) / (2 * n))::smallint AS m_score
    FROM ranked
)
SELECT s.*,
       (CASE WHEN $6::boolean THEN s.f_score ELSE (s.f_score + s.m_score + 1) / 2 END)::smallint AS fm_score,
       ($5::text[])[(s.r_score - 1) * 5 + (CASE WHEN $6::boolean THEN s.f_score ELSE (s.f_score + s.m_score + 1) / 2 END)] AS segment
  FROM scored s`;

// $1 workspace id, $2 run id.
export const WRITE_RFM_SNAPSHOT = `
INSERT INTO rfm_snapshot (run_id, customer_id, workspace_id, r_score, f_score, m_score, segment)
SELECT $2, s.customer_id, $1, s.r_score, s.f_score, s.m_score, s.segment
  FROM rfm_stage s
 ORDER BY s.customer_id`;

/**
 * Every customer of the workspace gets a row; customers without counted
 * orders get zero counts and no scores (so a customer whose orders were
 * deleted loses a stale segment). CLV columns are left alone.
 */
// $1 workspace id, $2 run id.
export const UPSERT_RFM_METRICS = `
INSERT INTO customer_metrics AS cm (
  customer_id, workspace_id, first_order_at, last_order_at, order_count, revenue, average_order_value,
  recency_days, r_score, f_score, m_score, rfm_segment, rfm_run_id, computed_at)
SELECT c.id, c.workspace_id, s.first_order_at, s.last_order_at, COALESCE(s.order_count, 0), COALESCE(s.revenue, 0),
       round(s.revenue / NULLIF(s.order_count, 0), 2), s.recency_days, s.r_score, s.f_score, s.m_score, s.segment,
       $2, now()
  FROM customer c
  LEFT JOIN rfm_stage s ON s.customer_id = c.id
 WHERE c.workspace_id = $1
 -- Key order: each heap and index page of customer_metrics is visited once, not at random.
 ORDER BY c.id
ON CONFLICT (customer_id) DO UPDATE SET
  first_order_at = EXCLUDED.first_order_at,
  last_order_at = EXCLUDED.last_order_at,
  order_count = EXCLUDED.order_count,
  revenue = EXCLUDED.revenue,
  average_order_value = EXCLUDED.average_order_value,
  recency_days = EXCLUDED.recency_days,
  r_score = EXCLUDED.r_score,
  f_score = EXCLUDED.f_score,
  m_score = EXCLUDED.m_score,
  rfm_segment = EXCLUDED.rfm_segment,
  rfm_run_id = EXCLUDED.rfm_run_id,
  computed_at = EXCLUDED.computed_at`;

/**
 * Snapshot retention: the snapshots of the workspace's latest N successful RFM
 * runs are kept (settings.analytics.runHistory.rfmSnapshotRuns): the run that
 * publishes a new snapshot keeps its own and those of the N - 1 latest other
 * successful runs, and deletes the rest in the same transaction, so a reader
 * sees either the old set or the new one. The analytics_run rows stay (a few hundred bytes
 * each). Each old run id is looked up through the primary key (run_id first),
 * so runs pruned long ago cost one index probe each, not a scan.
 * $1 workspace id, $2 current run id, $3 runs to keep.
 */
export const PRUNE_RFM_SNAPSHOTS = `
DELETE FROM rfm_snapshot
 WHERE workspace_id = $1
   AND run_id IN (
     SELECT r.id FROM analytics_run r
      WHERE r.workspace_id = $1 AND r.kind = 'rfm' AND r.id <> $2
        AND r.id NOT IN (
          SELECT k.id FROM analytics_run k
           WHERE k.workspace_id = $1 AND k.kind = 'rfm' AND k.status = 'SUCCEEDED' AND k.id <> $2
           ORDER BY k.created_at DESC, k.id DESC LIMIT $3::int - 1))`;

export const RFM_SEGMENT_COUNTS = `SELECT segment, count(*)::int AS customers FROM rfm_stage GROUP BY segment ORDER BY segment`;

/** Value range behind each score, so the run record shows what "F = 3" meant that night. */
export const RFM_SCORE_RANGES = `
SELECT 'r' AS dimension, r_score AS score, min(recency_days)::text AS min, max(recency_days)::text AS max, count(*)::int AS customers
  FROM rfm_stage GROUP BY r_score
UNION ALL
SELECT 'f', f_score, min(order_count)::text, max(order_count)::text, count(*)::int FROM rfm_stage GROUP BY f_score
UNION ALL
SELECT 'm', m_score, min(revenue)::text, max(revenue)::text, count(*)::int FROM rfm_stage GROUP BY m_score
ORDER BY 1, 2`;
