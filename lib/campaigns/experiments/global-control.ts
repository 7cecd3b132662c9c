import type pg from "pg";
import { globalControlSalt } from "./bucket.ts";

export const DEFAULT_GLOBAL_CONTROL_PERCENT = 5;

export interface GlobalControlSettings {
  percent: number;
  /** When the percentage took its value (a workspace without saved settings: since it was created). */
  since: Date;
}

type Queryable = Pick<pg.PoolClient, "query">;

/** The workspace's global control group (the default 5 % when never saved). */
export async function loadGlobalControl(db: Queryable, workspaceId: number): Promise<GlobalControlSettings> {
  const { rows } = await db.query<{ percent: number; since: Date }>(
    `SELECT coalesce(s.global_control_percent, $2) AS percent, coalesce(s.percent_since, w.created_at) AS since
       FROM workspace w LEFT JOIN experiment_settings s ON s.workspace_id = w.id WHERE w.id = $1`,
    [workspaceId, DEFAULT_GLOBAL_CONTROL_PERCENT],
  );
  return rows[0] ?? { percent: DEFAULT_GLOBAL_CONTROL_PERCENT, since: new Date(0) };
}

/** What planning leaves out for a campaign: nothing when it is exempt or the group is empty. */
export async function globalControlFor(db: Queryable, workspaceId: number, exempt: boolean): Promise<{ percent: number; salt: string } | null> {
  if (exempt) return null;
  const { percent } = await loadGlobalControl(db, workspaceId);
  return percent > 0 ? { percent, salt: globalControlSalt(workspaceId) } : null;
}
