import { MAX_API_KEY_LIFETIME_MS } from "../../auth/api-key-scopes.ts";
import { formatDate } from "../../format.ts";

const DAY_MS = 86_400_000;

/**
 * The first and last day (YYYY-MM-DD, in the workspace's zone) the expiry
 * picker offers: today, up to the last day whose end still lies within a
 * key's maximum lifetime. The server checks the chosen day again.
 */
export function expiryDateRange(timeZone: string, now: Date = new Date()): { min: string; max: string } {
  return { min: formatDate(now, timeZone), max: formatDate(new Date(now.getTime() + MAX_API_KEY_LIFETIME_MS - DAY_MS), timeZone) };
}
