import { pool } from "../../db/pool.ts";
import { DAILY_TRIGGERS, storedScheduleSchema, type Recurrence } from "../campaign.schema.ts";
import { insertOccurrence } from "./occurrences.ts";
import { withTransaction } from "../../db/transaction.ts";

interface DueDay {
  id: number;
  workspace_id: number;
  schedule: unknown;
  /** Today in the workspace's zone, and its ISO weekday and day of month. */
  local_date: string;
  weekday: number;
  day_of_month: number;
  /** Today's send time as an instant (DST-correct: the wall-clock time in the workspace's zone). */
  due_at: Date;
  launched_at: Date;
}

function wantsToday(recurrence: Recurrence, day: DueDay): boolean {
  if (recurrence.every === "day") return true;
  if (recurrence.every === "week") return recurrence.weekday === day.weekday;
  return recurrence.dayOfMonth === day.day_of_month;
}

/**
 * Recurring broadcasts and daily triggers (days since last order, P(alive)
 * below, anniversaries) get one occurrence per local day, keyed
 * `day:YYYY-MM-DD`, once their time of day has come in the workspace's zone:
 * idempotent by key, so running this every few seconds creates each day's
 * occurrence once. A day whose send time was before the launch is skipped.
 * The tick then starts them like any due occurrence.
 */
export async function createDailyOccurrences(): Promise<number> {
  const { rows } = await pool.query<DueDay>(
    `SELECT c.id, c.workspace_id, c.schedule, c.launched_at, t.local_date::text, extract(isodow FROM t.local_date)::int AS weekday,
            extract(day FROM t.local_date)::int AS day_of_month,
            ((t.local_date + (coalesce(c.schedule -> 'recurrence' ->> 'time', c.schedule -> 'trigger' ->> 'time'))::time) AT TIME ZONE w.timezone) AS due_at
       FROM campaign c JOIN workspace w ON w.id = c.workspace_id
       CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE w.timezone)::date AS local_date) t
      WHERE c.status = 'active'
        AND (c.kind = 'recurring' OR (c.kind = 'triggered' AND c.schedule -> 'trigger' ->> 'type' = ANY($1::text[])))
        AND NOT EXISTS (SELECT 1 FROM campaign_occurrence o WHERE o.campaign_id = c.id AND o.key = 'day:' || t.local_date::text)`,
    [DAILY_TRIGGERS],
  );
  let created = 0;
  for (const day of rows) {
    if (day.due_at > new Date() || day.due_at < day.launched_at) continue;
    const schedule = storedScheduleSchema.parse(day.schedule);
    if ("recurrence" in schedule && !wantsToday(schedule.recurrence, day)) continue;
    await withTransaction((client) => insertOccurrence(client, day.workspace_id, day.id, `day:${day.local_date}`, day.due_at));
    created++;
  }
  return created;
}
