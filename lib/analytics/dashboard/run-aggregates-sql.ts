/**
 * What a run leaves for the RFM, LTV and overview pages, computed once in the
 * run's publishing transaction and stored as one row of
 * analytics_run_aggregate, so no page view groups 1M metrics rows.
 */

/** From the RFM run's stage table (scored customers only). $1 workspace id, $2 run id. */
export const WRITE_RFM_RUN_AGGREGATE = `
INSERT INTO analytics_run_aggregate (run_id, workspace_id, data)
SELECT $2, $1, jsonb_build_object(
  'kind', 'rfm',
  'scoredCustomers', (SELECT count(*) FROM rfm_stage),
  'segments', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                  'segment', segment, 'customers', customers, 'revenue', revenue,
                  'recencyDaysSum', recency_days, 'ordersSum', orders) ORDER BY revenue DESC, segment), '[]'::jsonb)
                FROM (SELECT segment, count(*) AS customers, sum(revenue) AS revenue, sum(recency_days) AS recency_days, sum(order_count) AS orders
                        FROM rfm_stage GROUP BY segment) s),
  'cells', (SELECT coalesce(jsonb_agg(jsonb_build_object('r', r_score, 'f', f_score, 'm', m_score, 'customers', customers, 'revenue', revenue)
                  ORDER BY r_score, f_score, m_score), '[]'::jsonb)
              FROM (SELECT r_score, f_score, m_score, count(*) AS customers, sum(revenue) AS revenue FROM rfm_stage GROUP BY 1, 2, 3) c))
ON CONFLICT (run_id) DO UPDATE SET data = EXCLUDED.data, created_at = now()`;

/** Bins of P(alive) in the LTV page's histogram: [0, 0.05), [0.05, 0.1), …, [0.95, 1]. */
export const P_ALIVE_BINS = 20;

/**
 * From customer_metrics after the CLV upsert (in the same transaction), one
 * pass: churn bands, CLV deciles (ntile over the predicted value, lowest
 * first) and the P(alive) histogram. $1 workspace id, $2 run id.
 */
export const WRITE_CLV_RUN_AGGREGATE = `
WITH m AS MATERIALIZED (
  SELECT churn_risk_band AS band, p_alive, predicted_clv_12m AS clv, expected_purchases_365d AS e365, revenue
    FROM customer_metrics WHERE workspace_id = $1 AND churn_risk_band IS NOT NULL
)
INSERT INTO analytics_run_aggregate (run_id, workspace_id, data)
SELECT $2, $1, jsonb_build_object(
  'kind', 'clv',
  'scoredCustomers', (SELECT count(*) FROM m),
  'bands', (SELECT coalesce(jsonb_agg(jsonb_build_object(
               'band', band, 'customers', customers, 'pAliveSum', p_sum, 'predictedClv12m', clv,
               'expectedPurchases365d', e365, 'revenue', revenue) ORDER BY band), '[]'::jsonb)
             FROM (SELECT band, count(*) AS customers, coalesce(sum(p_alive), 0) AS p_sum, coalesce(sum(clv), 0) AS clv,
                          coalesce(sum(e365), 0) AS e365, sum(revenue) AS revenue FROM m GROUP BY band) b),
  'deciles', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                 'decile', decile, 'customers', customers, 'minClv', min_clv, 'maxClv', max_clv, 'totalClv', total_clv) ORDER BY decile), '[]'::jsonb)
               FROM (SELECT decile, count(*) AS customers, min(clv) AS min_clv, max(clv) AS max_clv, sum(clv) AS total_clv
                       FROM (SELECT clv, ntile(10) OVER (ORDER BY clv) AS decile FROM m WHERE clv IS NOT NULL) d GROUP BY decile) x),
  'pAliveBins', (SELECT coalesce(jsonb_agg(jsonb_build_object('bin', bin, 'customers', customers) ORDER BY bin), '[]'::jsonb)
                  FROM (SELECT least(width_bucket(p_alive, 0, 1, ${P_ALIVE_BINS}), ${P_ALIVE_BINS}) - 1 AS bin, count(*) AS customers
                          FROM m WHERE p_alive IS NOT NULL GROUP BY 1) h))
ON CONFLICT (run_id) DO UPDATE SET data = EXCLUDED.data, created_at = now()`;
