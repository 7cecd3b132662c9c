/**
 * Calendar days as integers (days since 1970-01-01). Purchases are bucketed
 * by the calendar date as written, with no time-zone conversion: an order
 * stamped "2024-03-01T23:30:00-05:00" happened on 1 March for the shop that
 * recorded it, and moving it to 2 March UTC would split or merge purchase days.
 */

const MS_PER_DAY = 86_400_000;

// YYYY-MM-DD optionally followed by a time part ("T..." or " ..."), or YYYYMMDD.
const DASHED = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Parses YYYY-MM-DD, YYYYMMDD or an ISO timestamp (date part used); null if not a real date. */
export function parseCalendarDay(text: string): number | null {
  const trimmed = text.trim();
  const match = DASHED.exec(trimmed) ?? COMPACT.exec(trimmed);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  const ms = check.getTime();
  // Out-of-range days roll over (2023-02-30 becomes 2 March); a round trip catches it.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return Math.round(ms / MS_PER_DAY);
}

/** The day number back as YYYY-MM-DD. */
export function formatCalendarDay(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}
