import { pool } from "../../db/pool.ts";
import { parsePeriod, type Period } from "../../analytics/dashboard/period.ts";

/**
 * The period of the programme's API and CSV: `from` and `to` (YYYY-MM-DD, both
 * included, in the workspace's zone), or, with neither, the last 30 days. The
 * rules and messages are the overview's (parsePeriod): a VALIDATION error
 * names the field.
 */
export function programmePeriod(query: { from: string | null; to: string | null }, timeZone: string, now?: Date): Period {
  if (query.from === null && query.to === null) return parsePeriod({ period: "30" }, timeZone, now);
  return parsePeriod({ period: "custom", from: query.from ?? "", to: query.to ?? "" }, timeZone, now);
}

/** The same for a caller that knows only the workspace (the public API): its time zone is read first. */
export async function programmePeriodFor(workspaceId: number, query: { from: string | null; to: string | null }): Promise<Period> {
  const { rows } = await pool.query<{ timezone: string }>(`SELECT timezone FROM workspace WHERE id = $1`, [workspaceId]);
  return programmePeriod(query, rows[0]?.timezone ?? "UTC");
}
