import type pg from "pg";
import { historyFromSums, minimumDetectableEffect } from "../../stats/power.ts";

type Queryable = Pick<pg.PoolClient, "query">;

/** What the launch preview says about the smallest lift the campaign can detect. */
export interface LaunchMde {
  /** Customers the campaign would reach (sent or held out), split by the control share. */
  audience: number;
  controlPercent: number;
  /** The segment's revenue per customer over the last `windowDays` (a window like the campaign's). */
  historicalMean: number;
  historicalSd: number;
  windowDays: number;
  /** Smallest detectable difference in revenue per customer (α 0.05, power 0.8), and as a share of the mean. */
  absolute: number;
  relative: number | null;
}

/**
 * The minimum detectable effect at launch (lib/stats/power.ts) from the
 * segment's revenue per customer in the campaign's attribution window before
 * now: one set-based pass over the members, one index range scan of orders
 * each (the campaign.preview worker runs it beside the audience count, never a
 * page view). Null when nothing would be measured (no control group, or too
 * small an audience to split).
 */
export async function launchMde(db: Queryable, workspaceId: number, segmentId: number, audience: number, controlPercent: number, windowDays: number): Promise<LaunchMde | null> {
  if (controlPercent <= 0 || audience < 2) return null;
  const { rows } = await db.query<{ n: number; sum_y: string; sum_y2: string }>(
    `SELECT count(*)::int AS n, coalesce(sum(y), 0)::text AS sum_y, coalesce(sum(y * y), 0)::text AS sum_y2
       FROM (SELECT coalesce((SELECT sum(o.total) FROM customer_order o
                               WHERE o.workspace_id = $2 AND o.customer_id = m.customer_id AND order_status_counts(o.status)
                                 AND o.placed_at >= now() - $3::int * interval '1 day' AND o.placed_at < now()), 0) AS y
               FROM segment_membership m WHERE m.segment_id = $1 AND m.workspace_id = $2) s`,
    [segmentId, workspaceId, windowDays],
  );
  const r = rows[0]!;
  if (r.n < 2) return null;
  const history = historyFromSums({ n: r.n, sumY: Number(r.sum_y), sumY2: Number(r.sum_y2) });
  const controlShare = controlPercent / 100;
  if (audience * controlShare < 1 || audience * (1 - controlShare) < 1) return null;
  const mde = minimumDetectableEffect({ audience, controlShare, ...history });
  return { audience, controlPercent, historicalMean: history.historicalMean, historicalSd: history.historicalSd, windowDays, absolute: mde.absolute, relative: mde.relative };
}
