import { pool } from "../../db/pool.ts";
import { readAnalyticsSettings } from "./analytics-settings.schema.ts";
import { isNightlyRecomputeDue } from "./nightly-schedule.ts";
import { requestRecompute } from "./request-recompute.ts";
import { requestRecommendationsBuild } from "../../recommendations/request-recommendations-build.ts";

export interface ScheduleTickResult {
  checked: number;
  requested: number[];
  failed: { workspaceId: number; error: string }[];
}

/**
 * The 15-minute tick: requests a recompute for every workspace whose nightly
 * slot has passed since its last RFM run. One query reads every workspace
 * with its latest run; the decision itself is the pure isNightlyRecomputeDue.
 * A workspace with broken settings or a failing request does not stop the
 * others; failures are returned so the job can report them.
 */
export async function runAnalyticsScheduleTick(
  options: { now?: Date; /** Only these workspaces (an admin tool, or a test sharing its database). */ workspaceIds?: number[] } = {},
): Promise<ScheduleTickResult> {
  const now = options.now ?? new Date();
  const res = await pool.query<{ id: number; timezone: string; settings: unknown; last_run: Date | null }>(
    `SELECT w.id, w.timezone, w.settings, last.created_at AS last_run
       FROM workspace w
       LEFT JOIN LATERAL (
         SELECT r.created_at FROM analytics_run r
          WHERE r.workspace_id = w.id AND r.kind = 'rfm'
          ORDER BY r.created_at DESC LIMIT 1) last ON true
      WHERE $1::int[] IS NULL OR w.id = ANY ($1::int[])
      ORDER BY w.id`,
    [options.workspaceIds ?? null],
  );
  const result: ScheduleTickResult = { checked: res.rows.length, requested: [], failed: [] };
  for (const workspace of res.rows) {
    try {
      const { schedule } = readAnalyticsSettings(workspace.settings);
      const due = isNightlyRecomputeDue({ now, timeZone: workspace.timezone, schedule, lastRunCreatedAt: workspace.last_run });
      if (!due) continue;
      await requestRecompute(workspace.id, "schedule", { asOf: now });
      await requestRecommendationsBuild(workspace.id, "import", now.getTime());
      result.requested.push(workspace.id);
    } catch (err) {
      result.failed.push({ workspaceId: workspace.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
