/**
 * The LTV page's slices of a CLV run, merged into the run's
 * analytics_run_aggregate row right after WRITE_CLV_RUN_AGGREGATE, in the same
 * publishing transaction and on the run's own connection: it reads the run's
 * temp table clv_summary (one row per customer with counted orders, T = days
 * from the first purchase day to the as-of day), so the acquisition cohort is
 * the first purchase day in the workspace time zone, exactly as the model saw it.
 *
 * One pass over the scored customers (joined to customer for the channel):
 * the share-of-value curve (100 equal groups by predicted CLV, highest first),
 * CLV and P(alive) by acquisition channel, by acquisition month and by RFM
 * segment, the "valuable customers at risk" figures and the top customers.
 */

/** Groups of the share-of-value curve: percentiles of scored customers. */
export const VALUE_CURVE_GROUPS = 100;
/** Channels kept by name (by customers); the rest are summed into one row with channel null. */
export const MAX_CHANNELS = 50;
/** Customers listed in "Top customers". */
export const TOP_CUSTOMERS = 20;
/** "Valuable" = predicted CLV at or above this quantile of the scored customers (the top 20%). */
export const VALUABLE_QUANTILE = 0.8;
/** The churn band whose valuable customers are "at risk" (analytics-settings.schema.ts, CHURN_RISK_BANDS). */
export const AT_RISK_BAND = "high";

const GROUP_FIELDS = `'customers', customers, 'pAliveSum', p_sum, 'predictedClv12m', clv, 'revenue', revenue`;
const GROUP_SUMS = `count(*) AS customers, coalesce(sum(p_alive), 0) AS p_sum, coalesce(sum(clv), 0) AS clv, sum(revenue) AS revenue`;

/** $1 workspace id, $2 run id, $3 as-of, $4 workspace time zone. */
export const WRITE_CLV_SLICE_AGGREGATE = `
WITH m AS MATERIALIZED (
  SELECT cm.customer_id, cm.p_alive, cm.predicted_clv_12m AS clv, cm.churn_risk_band AS band, cm.revenue,
         coalesce(cm.rfm_segment, '') AS segment, coalesce(c.acquisition_channel, '') AS channel,
         date_trunc('month', ((($3::timestamptz) AT TIME ZONE $4)::date - s.t_days))::date AS cohort_month
    FROM customer_metrics cm
    JOIN customer c ON c.id = cm.customer_id AND c.workspace_id = $1
    LEFT JOIN clv_summary s ON s.customer_id = cm.customer_id
   WHERE cm.workspace_id = $1 AND cm.churn_risk_band IS NOT NULL
), threshold AS (
  SELECT percentile_disc(${VALUABLE_QUANTILE}) WITHIN GROUP (ORDER BY clv) AS v FROM m WHERE clv IS NOT NULL
), channels AS (
  SELECT channel, ${GROUP_SUMS}, row_number() OVER (ORDER BY count(*) DESC, channel) AS rank FROM m GROUP BY channel
)
UPDATE analytics_run_aggregate a SET data = a.data || jsonb_build_object(
  'customersInWorkspace', (SELECT count(*) FROM customer WHERE workspace_id = $1),
  'customersWithOrders', (SELECT count(*) FROM clv_summary),
  'valueCurve', (SELECT coalesce(jsonb_agg(jsonb_build_object('group', g, 'customers', customers, 'totalClv', total) ORDER BY g), '[]'::jsonb)
                   FROM (SELECT g, count(*) AS customers, sum(clv) AS total
                           FROM (SELECT clv, ntile(${VALUE_CURVE_GROUPS}) OVER (ORDER BY clv DESC, customer_id) AS g FROM m WHERE clv IS NOT NULL) x
                          GROUP BY g) y),
  'byChannel', (SELECT coalesce(jsonb_agg(jsonb_build_object('channel', channel, ${GROUP_FIELDS}) ORDER BY customers DESC, channel NULLS LAST), '[]'::jsonb)
                  FROM (SELECT channel, customers, p_sum, clv, revenue FROM channels WHERE rank <= ${MAX_CHANNELS}
                        UNION ALL
                        SELECT NULL, sum(customers), sum(p_sum), sum(clv), sum(revenue) FROM channels WHERE rank > ${MAX_CHANNELS} HAVING count(*) > 0) ch),
  'byCohortMonth', (SELECT coalesce(jsonb_agg(jsonb_build_object('month', to_char(cohort_month, 'YYYY-MM-DD'), ${GROUP_FIELDS}) ORDER BY cohort_month), '[]'::jsonb)
                      FROM (SELECT cohort_month, ${GROUP_SUMS} FROM m WHERE cohort_month IS NOT NULL GROUP BY cohort_month) co),
  'bySegment', (SELECT coalesce(jsonb_agg(jsonb_build_object('segment', segment, ${GROUP_FIELDS}) ORDER BY clv DESC, segment), '[]'::jsonb)
                  FROM (SELECT segment, ${GROUP_SUMS} FROM m GROUP BY segment) sg),
  'valuable', (SELECT jsonb_build_object(
                  'quantile', ${VALUABLE_QUANTILE}, 'band', '${AT_RISK_BAND}', 'thresholdClv', t.v,
                  'customers', count(*) FILTER (WHERE m.clv >= t.v),
                  'totalClv', coalesce(sum(m.clv) FILTER (WHERE m.clv >= t.v), 0),
                  'atRiskCustomers', count(*) FILTER (WHERE m.clv >= t.v AND m.band = '${AT_RISK_BAND}'),
                  'atRiskClv', coalesce(sum(m.clv) FILTER (WHERE m.clv >= t.v AND m.band = '${AT_RISK_BAND}'), 0),
                  'atRiskRevenue', coalesce(sum(m.revenue) FILTER (WHERE m.clv >= t.v AND m.band = '${AT_RISK_BAND}'), 0))
                 FROM m CROSS JOIN threshold t GROUP BY t.v),
  'topCustomers', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'customerId', customer_id::text, 'predictedClv12m', clv, 'pAlive', p_alive, 'band', band, 'revenue', revenue, 'segment', segment)
                      ORDER BY clv DESC, customer_id), '[]'::jsonb)
                     FROM (SELECT * FROM m WHERE clv IS NOT NULL ORDER BY clv DESC, customer_id LIMIT ${TOP_CUSTOMERS}) t))
 WHERE a.run_id = $2 AND a.workspace_id = $1`;
