import { pool } from "../../db/pool.ts";
import { enqueueMany } from "../../queue/enqueue.ts";

/** Outcomes move as orders arrive: a campaign still inside its windows is recomputed this often. */
const REFRESH_MINUTES = 10;
/** Late-arriving orders (imports) still land in closed windows for a while. */
const SETTLE_DAYS = 3;
const PER_TICK = 50;

export function armOutcomesJobId(campaignId: number): string {
  return `campaign-outcomes-${campaignId}`;
}

/**
 * Queues an outcomes refresh (campaign.outcomes) for each launched campaign
 * whose rows are missing or older than 10 minutes while its windows may still
 * take orders: the latest exposure plus the window plus 3 days for late
 * imports, or while it still sends. One job per campaign at a time (job id).
 */
export async function queueDueArmOutcomes(): Promise<number> {
  const { rows } = await pool.query<{ id: number; workspace_id: number }>(
    `SELECT c.id, c.workspace_id FROM campaign c LEFT JOIN campaign_outcome_state s ON s.campaign_id = c.id
      WHERE c.launched_at IS NOT NULL
        AND EXISTS (SELECT 1 FROM campaign_assignment a WHERE a.campaign_id = c.id)
        AND (s.campaign_id IS NULL
          OR (s.refreshed_at < now() - $1 * interval '1 minute'
              AND (c.status IN ('active', 'paused', 'scheduled') OR s.window_ends_at IS NULL OR s.window_ends_at + $2 * interval '1 day' > s.refreshed_at)))
      ORDER BY s.refreshed_at NULLS FIRST LIMIT ${PER_TICK}`,
    [REFRESH_MINUTES, SETTLE_DAYS],
  );
  if (rows.length === 0) return 0;
  await enqueueMany(
    "campaign.outcomes",
    rows.map((r) => ({ payload: { workspaceId: r.workspace_id, campaignId: r.id }, jobId: armOutcomesJobId(r.id), options: { removeOnComplete: true } })),
  );
  return rows.length;
}
