import { isInstant } from "../parse-values.ts";

/**
 * A parsed timestamp goes to staging as two columns: an instant (timestamptz)
 * or a wall-clock time (timestamp) that SQL places in the workspace time zone
 * with AT TIME ZONE, so daylight-saving rules are Postgres's, not ours.
 */
export function timestampColumns(value: string | null | undefined): [string | null, string | null] {
  if (!value) return [null, null];
  return isInstant(value) ? [value, null] : [null, value];
}
