import { pool } from "../../db/pool.ts";

/** A busy campaign's counts are at most this old on its pages. */
const BUSY_REFRESH_SECONDS = 15;
/** Opens and clicks keep arriving after the last send: finished campaigns are recounted this often for this long. */
const SETTLED_REFRESH_MINUTES = 10;
const SETTLED_FOR_DAYS = 30;
const PER_TICK = 20;

/**
 * Recounts campaign_stats from message rows and events for the campaigns
 * whose numbers may have moved: those changed since their last count (a
 * broadcast that just completed), those sending or waiting (every 15 s), those
 * launched in the last 30 days (every 10 min, for late opens and clicks), and
 * any launched campaign without a row yet. One statement, at most 20
 * campaigns a run, most stale first; pages then read one row per campaign.
 */
export async function refreshCampaignStats(campaignIds?: number[]): Promise<number> {
  const { rowCount } = await pool.query(
    `WITH due AS (
       SELECT c.id, c.workspace_id FROM campaign c LEFT JOIN campaign_stats s ON s.campaign_id = c.id
        WHERE ($1::int4[] IS NOT NULL AND c.id = ANY($1::int4[]))
           OR ($1::int4[] IS NULL AND c.launched_at IS NOT NULL AND (
                s.campaign_id IS NULL
             -- Counted before the campaign last changed (completed, paused, resumed): its final or new numbers now,
             -- not at the next settled recount 10 minutes on.
             OR s.refreshed_at < c.updated_at
             OR (c.status IN ('active', 'paused', 'scheduled') AND s.refreshed_at < now() - $2::int * interval '1 second')
             OR (c.launched_at > now() - $3::int * interval '1 day' AND s.refreshed_at < now() - $4::int * interval '1 minute')))
        ORDER BY s.refreshed_at NULLS FIRST LIMIT ${PER_TICK}
     ),
     counts AS (
       SELECT d.id AS campaign_id, d.workspace_id, x.*
         FROM due d CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE m.status = 'queued')::int AS queued,
                  count(*) FILTER (WHERE m.status = 'sending')::int AS sending,
                  count(*) FILTER (WHERE m.status = 'sent')::int AS sent,
                  count(*) FILTER (WHERE m.status = 'failed')::int AS failed,
                  count(*) FILTER (WHERE m.status = 'skipped')::int AS skipped,
                  count(*) FILTER (WHERE m.status = 'held_out')::int AS held_out,
                  max(m.updated_at) AS last_activity_at
             FROM message m WHERE m.workspace_id = d.workspace_id AND m.campaign_id = d.id
         ) x
     ),
     reasons AS (
       SELECT d.id AS campaign_id, coalesce(jsonb_object_agg(r.reason, r.n) FILTER (WHERE r.reason IS NOT NULL), '{}') AS reasons
         FROM due d LEFT JOIN LATERAL (
           SELECT m.reason, count(*)::int AS n FROM message m
            WHERE m.workspace_id = d.workspace_id AND m.campaign_id = d.id AND m.status IN ('skipped', 'failed')
            GROUP BY m.reason
         ) r ON true
        GROUP BY d.id
     ),
     series AS (
       SELECT d.id AS campaign_id,
              coalesce(jsonb_agg(jsonb_build_object('hour', h.hour, 'sent', h.sent, 'failed', h.failed) ORDER BY h.hour) FILTER (WHERE h.hour IS NOT NULL), '[]') AS series
         FROM due d LEFT JOIN LATERAL (
           SELECT date_trunc('hour', coalesce(m.sent_at, m.updated_at)) AS hour, count(*) FILTER (WHERE m.status = 'sent')::int AS sent, count(*) FILTER (WHERE m.status = 'failed')::int AS failed
             FROM message m WHERE m.workspace_id = d.workspace_id AND m.campaign_id = d.id AND m.status IN ('sent', 'failed')
            GROUP BY 1
         ) h ON true
        GROUP BY d.id
     ),
     engagement AS (
       SELECT d.id AS campaign_id,
              count(DISTINCT e.message_id) FILTER (WHERE e.kind = 'delivered')::int AS delivered,
              count(DISTINCT e.message_id) FILTER (WHERE e.kind = 'opened' AND NOT coalesce((e.detail->>'machine')::boolean, false))::int AS opened,
              count(DISTINCT e.message_id) FILTER (WHERE e.kind = 'clicked' AND NOT coalesce((e.detail->>'machine')::boolean, false))::int AS clicked,
              count(DISTINCT e.message_id) FILTER (WHERE e.kind = 'bounced')::int AS bounced,
              count(DISTINCT e.message_id) FILTER (WHERE e.kind = 'complained')::int AS complained,
              count(DISTINCT e.message_id) FILTER (WHERE e.kind = 'unsubscribed')::int AS unsubscribed
         FROM due d LEFT JOIN message_event e ON e.campaign_id = d.id AND e.kind IN ('delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed')
        GROUP BY d.id
     )
     INSERT INTO campaign_stats (campaign_id, workspace_id, queued, sending, sent, failed, skipped, held_out, delivered, opened, clicked, bounced, complained, unsubscribed,
                                 reasons, series, last_activity_at, refreshed_at)
     SELECT c.campaign_id, c.workspace_id, c.queued, c.sending, c.sent, c.failed, c.skipped, c.held_out, e.delivered, e.opened, e.clicked, e.bounced, e.complained, e.unsubscribed,
            r.reasons, s.series, c.last_activity_at, now()
       FROM counts c JOIN reasons r USING (campaign_id) JOIN series s USING (campaign_id) JOIN engagement e USING (campaign_id)
     ON CONFLICT (campaign_id) DO UPDATE SET
       queued = EXCLUDED.queued, sending = EXCLUDED.sending, sent = EXCLUDED.sent, failed = EXCLUDED.failed, skipped = EXCLUDED.skipped, held_out = EXCLUDED.held_out,
       delivered = EXCLUDED.delivered, opened = EXCLUDED.opened, clicked = EXCLUDED.clicked, bounced = EXCLUDED.bounced,
       complained = EXCLUDED.complained, unsubscribed = EXCLUDED.unsubscribed, reasons = EXCLUDED.reasons, series = EXCLUDED.series,
       last_activity_at = EXCLUDED.last_activity_at, refreshed_at = EXCLUDED.refreshed_at`,
    [campaignIds ?? null, BUSY_REFRESH_SECONDS, SETTLED_FOR_DAYS, SETTLED_REFRESH_MINUTES],
  );
  return rowCount ?? 0;
}
