import { pool } from "../../db/pool.ts";
import { withTransaction } from "../../db/transaction.ts";
import { storedScheduleSchema } from "../campaign.schema.ts";
import { insertOccurrence } from "./occurrences.ts";
import { runOccurrence } from "./run-occurrence.ts";

/**
 * Turns the rows that arrived past each active triggered campaign's cursor
 * (segment transitions for segment triggers, events of the type for event
 * triggers, churn-band rises for churn triggers) into one occurrence covering them, and moves the cursor, in one
 * transaction: a row becomes part of exactly one occurrence however often
 * this runs. The new occurrences are planned and queued at once (latency
 * matters here: a customer who just did something); one that fails is
 * started again by the campaigns tick.
 */
export async function sweepTriggers(workspaceId?: number): Promise<number> {
  const { rows: campaigns } = await pool.query<{ id: number; workspace_id: number; schedule: unknown }>(
    `SELECT id, workspace_id, schedule FROM campaign
      WHERE kind = 'triggered' AND status = 'active' AND schedule -> 'trigger' ->> 'type' IN ('segment_entry', 'segment_exit', 'event', 'churn_band_higher')
        AND ($1::int4 IS NULL OR workspace_id = $1)`,
    [workspaceId ?? null],
  );
  let created = 0;
  for (const campaign of campaigns) {
    const schedule = storedScheduleSchema.parse(campaign.schedule);
    if (!("trigger" in schedule)) continue;
    const trigger = schedule.trigger;
    const newest =
      trigger.type === "event"
        ? `(SELECT max(x.id)::text FROM event x WHERE x.id > c.trigger_cursor AND x.workspace_id = c.workspace_id AND x.type = $3)`
        : trigger.type === "churn_band_higher"
          ? `(SELECT max(x.id)::text FROM churn_band_change x WHERE x.workspace_id = c.workspace_id AND x.id > c.trigger_cursor)`
          : `(SELECT max(x.id)::text FROM segment_transition x WHERE x.workspace_id = c.workspace_id AND x.segment_id = c.segment_id AND x.id > c.trigger_cursor)`;
    const occurrence = await withTransaction(async (client) => {
      const { rows } = await client.query<{ cursor: string; newest: string | null }>(
        `SELECT c.trigger_cursor::text AS cursor, ${newest} AS newest
           FROM campaign c WHERE c.id = $1 AND c.workspace_id = $2 AND c.status = 'active' FOR UPDATE`,
        trigger.type === "event" ? [campaign.id, campaign.workspace_id, trigger.eventType] : [campaign.id, campaign.workspace_id],
      );
      const row = rows[0];
      if (!row?.newest) return null;
      const id = await insertOccurrence(client, campaign.workspace_id, campaign.id, `t:${row.newest}`, new Date(), { from: row.cursor, to: row.newest });
      await client.query(`UPDATE campaign SET trigger_cursor = $3 WHERE id = $1 AND workspace_id = $2`, [campaign.id, campaign.workspace_id, row.newest]);
      return id;
    });
    if (!occurrence) continue;
    created++;
    await runOccurrence(campaign.workspace_id, campaign.id, occurrence).catch((err: unknown) => {
      console.error(`campaign ${campaign.id}: planning occurrence ${occurrence} failed (the tick retries):`, (err as Error).message);
    });
  }
  return created;
}
