import { withTransaction } from "../../db/transaction.ts";

/**
 * Recomputes one campaign's per-arm outcome rows from its assignment ledger
 * and the orders placed in each customer's attribution window, in one
 * transaction (readers see the previous rows until it commits). Set-based:
 * one pass over the ledger and an index range scan of orders per assigned
 * customer, never a loop over customers.
 *
 * - Exposure: the customer's first message of the campaign (the ledger's
 *   message): for the treatment when it was sent, for the control when it was
 *   held out. Intention to treat: a message that failed, was skipped after
 *   assignment or still waits counts from its planned time (not_before).
 * - Window: orders that count (order_status_counts) with placed_at in
 *   [exposure, exposure + attribution days).
 * - y = revenue in the window, x = pre-period revenue recorded at assignment.
 * - Unsubscribes: assigned customers who unsubscribed through one of this
 *   campaign's messages (only the treatment receives any).
 */
export async function refreshArmOutcomes(workspaceId: number, campaignId: number): Promise<{ customers: number }> {
  return withTransaction(async (client) => {
    const { rows: campaigns } = await client.query<{ attribution_days: number; timezone: string }>(
      `SELECT c.attribution_days, w.timezone FROM campaign c JOIN workspace w ON w.id = c.workspace_id WHERE c.id = $1 AND c.workspace_id = $2`,
      [campaignId, workspaceId],
    );
    const campaign = campaigns[0];
    if (!campaign) return { customers: 0 };
    const params = [campaignId, workspaceId, campaign.attribution_days];
    await client.query(
      `CREATE TEMP TABLE arm_exposed ON COMMIT DROP AS
       SELECT a.customer_id, a.arm, coalesce(a.variant_key, '') AS variant_key, a.rfm_segment, a.churn_band, a.clv_decile,
              a.pre_revenue::numeric AS x, coalesce(m.sent_at, m.held_out_at, m.not_before) AS exposed_at
         FROM campaign_assignment a JOIN message m ON m.id = a.message_id
        WHERE a.campaign_id = $1 AND a.workspace_id = $2`,
      params.slice(0, 2),
    );
    await client.query(
      `CREATE TEMP TABLE arm_window_orders ON COMMIT DROP AS
       SELECT e.customer_id, e.arm, e.variant_key, o.placed_at, o.total,
              row_number() OVER (PARTITION BY e.customer_id ORDER BY o.placed_at, o.id) AS nth
         FROM arm_exposed e
         JOIN customer_order o ON o.workspace_id = $1::int4 AND o.customer_id = e.customer_id AND order_status_counts(o.status)
                              AND o.placed_at >= e.exposed_at AND o.placed_at < e.exposed_at + $2::int4 * interval '1 day'`,
      [workspaceId, campaign.attribution_days],
    );
    await client.query(`DELETE FROM campaign_arm_outcome WHERE campaign_id = $1 AND workspace_id = $2`, params.slice(0, 2));
    const { rows } = await client.query<{ customers: number }>(
      `WITH unsubscribed AS (
         SELECT DISTINCT m.customer_id FROM message_event ev JOIN message m ON m.id = ev.message_id
          WHERE ev.campaign_id = $1 AND ev.kind = 'unsubscribed' AND m.workspace_id = $2
       ),
       per_customer AS (
         SELECT e.*, coalesce(w.y, 0) AS y, coalesce(w.orders, 0) AS orders, u.customer_id IS NOT NULL AS unsubscribed
           FROM arm_exposed e
           LEFT JOIN (SELECT customer_id, sum(total) AS y, count(*) AS orders FROM arm_window_orders GROUP BY customer_id) w USING (customer_id)
           LEFT JOIN unsubscribed u USING (customer_id)
       ),
       inserted AS (
         INSERT INTO campaign_arm_outcome (campaign_id, workspace_id, arm, variant_key, slice_kind, slice_value, customers, converters, orders,
                                           sum_y, sum_y2, sum_x, sum_x2, sum_xy, unsubscribes)
         SELECT $1::int4, $2::int4, arm, variant_key,
                CASE WHEN GROUPING(rfm_segment) = 0 THEN 'rfm_segment' WHEN GROUPING(churn_band) = 0 THEN 'churn_band'
                     WHEN GROUPING(clv_decile) = 0 THEN 'clv_decile' ELSE 'all' END,
                CASE WHEN GROUPING(rfm_segment) = 0 THEN coalesce(rfm_segment, 'unknown') WHEN GROUPING(churn_band) = 0 THEN coalesce(churn_band, 'unknown')
                     WHEN GROUPING(clv_decile) = 0 THEN coalesce(clv_decile::text, 'unknown') ELSE '' END,
                count(*), count(*) FILTER (WHERE orders > 0), sum(orders), sum(y), sum(y * y), sum(x), sum(x * x), sum(x * y),
                count(*) FILTER (WHERE unsubscribed)
           FROM per_customer
          GROUP BY GROUPING SETS ((arm, variant_key), (arm, variant_key, rfm_segment), (arm, variant_key, churn_band), (arm, variant_key, clv_decile))
         RETURNING slice_kind, customers
       )
       SELECT coalesce(sum(customers) FILTER (WHERE slice_kind = 'all'), 0)::int AS customers FROM inserted`,
      params.slice(0, 2),
    );
    await client.query(`DELETE FROM campaign_arm_daily WHERE campaign_id = $1 AND workspace_id = $2`, params.slice(0, 2));
    await client.query(
      `INSERT INTO campaign_arm_daily (campaign_id, workspace_id, arm, variant_key, day, orders, converters, revenue)
       SELECT $1::int4, $2::int4, arm, variant_key, (placed_at AT TIME ZONE $3::text)::date, count(*), count(*) FILTER (WHERE nth = 1), sum(total)
         FROM arm_window_orders GROUP BY arm, variant_key, (placed_at AT TIME ZONE $3::text)::date`,
      [campaignId, workspaceId, campaign.timezone],
    );
    await client.query(
      `INSERT INTO campaign_outcome_state (campaign_id, workspace_id, refreshed_at, window_ends_at)
       SELECT $1::int4, $2::int4, now(), max(exposed_at) + $3::int4 * interval '1 day' FROM arm_exposed
       ON CONFLICT (campaign_id) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, window_ends_at = EXCLUDED.window_ends_at`,
      params,
    );
    return { customers: rows[0]!.customers };
  });
}
