import { zoneFormatter, zoneOffsetMs } from "../time/wall-clock.ts";

/**
 * Dates in segment rules and in customer attributes.
 *
 * A value is either a calendar date ("2024-05-01"), read as that whole day in
 * the workspace's time zone, or an instant with an explicit offset
 * ("2024-05-01T09:30:00+02:00"). Anything else is not a date. Years are
 * limited to 1900-2999 so Postgres and the JavaScript time-zone database agree
 * on every offset (earlier years fall into local mean time, where they differ).
 *
 * The regular expression below is used verbatim by the SQL compiler too, so
 * both sides accept exactly the same strings.
 */

const YEAR = "(19[0-9][0-9]|2[0-9][0-9][0-9])";
const MONTH = "(0[1-9]|1[0-2])";
const DAY = "(0[1-9]|[12][0-9]|3[01])";
const TIME = "T([01][0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9])([.][0-9]{1,3})?)?";
const OFFSET = "(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])";

/** POSIX-compatible pattern (no backslashes) shared with the SQL compiler. */
export const DATE_VALUE_PATTERN = `^${YEAR}-${MONTH}-${DAY}(${TIME}${OFFSET})?$`;

const DATE_ONLY_RE = new RegExp(`^${YEAR}-${MONTH}-${DAY}$`);
const DATETIME_RE = new RegExp(`^${YEAR}-${MONTH}-${DAY}${TIME}${OFFSET}$`);

export type ParsedDateValue =
  | { kind: "day"; year: number; month: number; day: number; text: string }
  | { kind: "instant"; ms: number };

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses a rule or attribute date; null when the string is not an accepted date. */
export function parseDateValue(text: string): ParsedDateValue | null {
  const day = DATE_ONLY_RE.exec(text);
  if (day) {
    const [year, month, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    if (d > daysInMonth(year, month)) return null;
    return { kind: "day", year, month, day: d, text };
  }
  const dt = DATETIME_RE.exec(text);
  if (!dt) return null;
  const year = Number(dt[1]);
  const month = Number(dt[2]);
  const d = Number(dt[3]);
  if (d > daysInMonth(year, month)) return null;
  const hour = Number(dt[4]);
  const minute = Number(dt[5]);
  const second = dt[7] === undefined ? 0 : Number(dt[7]);
  const millis = dt[8] === undefined ? 0 : Math.round(Number(`0${dt[8]}`) * 1000);
  const offsetText = dt[9] ?? "Z";
  let offsetMinutes = 0;
  if (offsetText !== "Z") {
    const sign = offsetText.startsWith("-") ? -1 : 1;
    offsetMinutes = sign * (Number(offsetText.slice(1, 3)) * 60 + Number(offsetText.slice(4, 6)));
  }
  const wall = Date.UTC(year, month - 1, d, hour, minute, second, millis);
  return { kind: "instant", ms: wall - offsetMinutes * 60_000 };
}

export function isDateValue(text: string): boolean {
  return parseDateValue(text) !== null;
}

/** Calendar arithmetic on a "YYYY-MM-DD" day (no time zone involved). */
export function addDays(day: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const TZ_NAME_RE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
/**
 * IANA zone names only. Offset strings such as "+05:00" are refused because
 * Postgres reads them as POSIX zones, with the sign inverted.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length > 64 || !TZ_NAME_RE.test(timeZone)) return false;
  try {
    zoneFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant a calendar day starts in a zone, resolved the way Postgres
 * resolves `timestamp AT TIME ZONE`: a midnight skipped by a DST jump uses the
 * offset in force before the jump; a midnight that happens twice uses the
 * offset after it.
 */
export function startOfDayInZone(day: { year: number; month: number; day: number }, timeZone: string): number {
  const wall = Date.UTC(day.year, day.month - 1, day.day);
  const window = 36 * 3_600_000;
  const before = zoneOffsetMs(wall - window, timeZone);
  const after = zoneOffsetMs(wall + window, timeZone);
  if (before === after) return wall - before;
  const beforeFits = zoneOffsetMs(wall - before, timeZone) === before;
  const afterFits = zoneOffsetMs(wall - after, timeZone) === after;
  if (afterFits) return wall - after;
  if (beforeFits) return wall - before;
  return wall - before;
}
