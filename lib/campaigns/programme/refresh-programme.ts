import { withTransaction } from "../../db/transaction.ts";
import { lockGlobalControl, reconcileGlobalControl } from "../experiments/reconcile-global-control.ts";

/** What a first purchase in a group links to: earlier than any period can start. */
export const NO_PREVIOUS_DAY = "0001-01-01";

export interface ProgrammeRefreshOutcome {
  /** programme_day rows written (epochs × days × 2 groups). */
  rows: number;
  customerDays: number;
}

/**
 * Rewrites one workspace's programme sums (programme_day, programme_link,
 * programme_state) from its customers, the global control membership history
 * and its counted orders, in one transaction: readers see the previous sums
 * until it commits. Set-based: one pass over the counted orders grouped by
 * customer and day, one over customers, one over the history.
 *
 * Intention to treat: over a period a customer counts, with all their
 * revenue in it, in the group they were in at the end of its first day (or of
 * their creation day, if later), whether or not any campaign reached them.
 * Existing customers change group only when the percentage changes, so the
 * sums are kept per epoch (the days between two changes; a handful) and a
 * period reads the epoch its first day falls in. The history is brought up
 * to date first (under the workspace's lock), so customers created since the
 * last reconcile are in their group.
 */
export async function refreshProgramme(workspaceId: number): Promise<ProgrammeRefreshOutcome> {
  return withTransaction(async (client) => {
    await lockGlobalControl(client, workspaceId);
    await reconcileGlobalControl(client, workspaceId);
    const { rows: ws } = await client.query<{ timezone: string; today: string }>(
      `SELECT timezone, (now() AT TIME ZONE timezone)::date::text AS today FROM workspace WHERE id = $1`,
      [workspaceId],
    );
    const tz = ws[0]?.timezone;
    if (tz === undefined) return { rows: 0, customerDays: 0 };
    // Control spells as day ranges: in on days [from_day, to_day); a spell that starts and ends on one day never counts.
    await client.query(
      `CREATE TEMP TABLE programme_spell ON COMMIT DROP AS
       SELECT customer_id, (from_at AT TIME ZONE $2)::date AS from_day, (to_at AT TIME ZONE $2)::date AS to_day
         FROM global_control_member WHERE workspace_id = $1
          AND (to_at IS NULL OR (to_at AT TIME ZONE $2)::date > (from_at AT TIME ZONE $2)::date)`,
      [workspaceId, tz],
    );
    await client.query(`ANALYZE programme_spell`);
    const { rowCount } = await client.query(
      `CREATE TEMP TABLE programme_customer_day ON COMMIT DROP AS
       SELECT o.customer_id, (o.placed_at AT TIME ZONE $2)::date AS day, count(*)::int AS orders, sum(o.total) AS revenue
         FROM customer_order o WHERE o.workspace_id = $1 AND order_status_counts(o.status)
        GROUP BY 1, 2`,
      [workspaceId, tz],
    );
    const { rows: span } = await client.query<{ first_day: string; last_day: string }>(
      `SELECT least((SELECT min(day) FROM programme_customer_day), (SELECT (min(created_at) AT TIME ZONE $2)::date FROM customer WHERE workspace_id = $1), $3::date)::text AS first_day,
              greatest($3::date, (SELECT max(day) FROM programme_customer_day))::text AS last_day`,
      [workspaceId, tz, ws[0]!.today],
    );
    const { first_day: firstDay, last_day: lastDay } = span[0]!;
    // Epochs: the first day, and every day an existing customer's membership changed (a spell ended, or began after
    // the customer's creation day: a change of percentage). Between two, everyone's group is fixed.
    await client.query(
      `CREATE TEMP TABLE programme_epoch ON COMMIT DROP AS
       SELECT DISTINCT day AS epoch_start FROM (
         SELECT $3::date AS day
         UNION SELECT to_day FROM programme_spell WHERE to_day IS NOT NULL AND to_day > $3::date
         UNION SELECT s.from_day FROM programme_spell s JOIN customer c ON c.id = s.customer_id AND c.workspace_id = $1
                WHERE s.from_day > (c.created_at AT TIME ZONE $2)::date AND s.from_day > $3::date
       ) d`,
      [workspaceId, tz, firstDay],
    );
    // Each customer's group in each epoch: at the end of the epoch's first day, or of their creation day if later.
    await client.query(
      `CREATE TEMP TABLE programme_customer_epoch ON COMMIT DROP AS
       SELECT e.epoch_start, c.id AS customer_id, (c.created_at AT TIME ZONE $2)::date AS created_day, s.customer_id IS NOT NULL AS in_control
         FROM customer c CROSS JOIN programme_epoch e
         LEFT JOIN programme_spell s ON s.customer_id = c.id AND s.from_day <= greatest(e.epoch_start, (c.created_at AT TIME ZONE $2)::date)
              AND (s.to_day IS NULL OR s.to_day > greatest(e.epoch_start, (c.created_at AT TIME ZONE $2)::date))
        WHERE c.workspace_id = $1`,
      [workspaceId, tz],
    );
    await client.query(`ANALYZE programme_customer_epoch`);
    await client.query(`DELETE FROM programme_day WHERE workspace_id = $1`, [workspaceId]);
    await client.query(`DELETE FROM programme_link WHERE workspace_id = $1`, [workspaceId]);
    const { rows: written } = await client.query<{ days: number }>(
      `WITH created AS (
         SELECT epoch_start, in_control, created_day AS day, count(*)::int AS n FROM programme_customer_epoch GROUP BY 1, 2, 3
       ),
       sales AS (
         SELECT ce.epoch_start, ce.in_control, d.day, count(*)::int AS buyers, sum(d.orders)::int AS orders, sum(d.revenue) AS revenue,
                sum(d.revenue * d.revenue) AS revenue_sq
           FROM programme_customer_day d JOIN programme_customer_epoch ce ON ce.customer_id = d.customer_id AND d.day >= ce.epoch_start
          GROUP BY 1, 2, 3
       ),
       calendar AS (
         SELECT e.epoch_start, grp.in_control, g.day::date AS day, coalesce(cr.n, 0) AS created
           FROM programme_epoch e CROSS JOIN (VALUES (true), (false)) grp(in_control)
           CROSS JOIN generate_series($2::date, $3::date, interval '1 day') g(day)
           LEFT JOIN created cr ON cr.epoch_start = e.epoch_start AND cr.in_control = grp.in_control AND cr.day = g.day::date
       ),
       running AS (
         SELECT epoch_start, in_control, day, created, sum(created) OVER (PARTITION BY epoch_start, in_control ORDER BY day) AS members
           FROM calendar
       ),
       inserted AS (
         INSERT INTO programme_day (workspace_id, epoch_start, day, in_control, members, entries, buyers, orders, revenue, revenue_sq)
         SELECT $1, r.epoch_start, r.day, r.in_control, r.members, r.created,
                coalesce(s.buyers, 0), coalesce(s.orders, 0), coalesce(s.revenue, 0), coalesce(s.revenue_sq, 0)
           FROM running r LEFT JOIN sales s ON s.epoch_start = r.epoch_start AND s.in_control = r.in_control AND s.day = r.day
          WHERE r.day >= r.epoch_start
         RETURNING 1
       )
       SELECT count(*)::int AS days FROM inserted`,
      [workspaceId, firstDay, lastDay],
    );
    await client.query(
      `INSERT INTO programme_link (workspace_id, epoch_start, in_control, day, previous_day, customers)
       SELECT $1, ce.epoch_start, ce.in_control, l.day, l.previous_day, count(*)::int
         FROM (SELECT customer_id, day, coalesce(lag(day) OVER (PARTITION BY customer_id ORDER BY day), $2::date) AS previous_day
                 FROM programme_customer_day) l
         JOIN programme_customer_epoch ce ON ce.customer_id = l.customer_id AND l.day >= ce.epoch_start
        GROUP BY 2, 3, 4, 5`,
      [workspaceId, NO_PREVIOUS_DAY],
    );
    await client.query(
      `INSERT INTO programme_state (workspace_id, refreshed_at, first_day, last_day) VALUES ($1, now(), $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET refreshed_at = now(), first_day = EXCLUDED.first_day, last_day = EXCLUDED.last_day`,
      [workspaceId, firstDay, lastDay],
    );
    return { rows: written[0]?.days ?? 0, customerDays: rowCount ?? 0 };
  });
}
