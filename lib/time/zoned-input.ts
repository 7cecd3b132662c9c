import { wallClock, zoneOffsetMs } from "./wall-clock.ts";

/**
 * A date-time form field (`<input type="datetime-local">`, "YYYY-MM-DDTHH:MM")
 * read in a named time zone rather than the browser's, so the server and the
 * browser show the same wall-clock time and a saved instant means what the
 * form said in the workspace's zone.
 */
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant a wall-clock time names in `timeZone`, or null for text that is
 * not one. A time skipped by a daylight-saving jump (02:30 on the night
 * clocks go forward) is taken as the same distance past the jump (03:30); a
 * time that happens twice (clocks going back) is its later occurrence.
 */
export function wallTimeToInstant(value: string, timeZone: string): Date | null {
  const m = WALL_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const local = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  return new Date(local - zoneOffsetMs(local - zoneOffsetMs(local, timeZone), timeZone));
}

/** The wall-clock time of an instant in `timeZone`, as a datetime-local field shows it. */
export function instantToWallTime(instant: Date | string, timeZone: string): string {
  const w = wallClock(new Date(instant).getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(w.year).padStart(4, "0")}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}
