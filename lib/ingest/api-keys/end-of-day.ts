import { zoneOffsetMs } from "../../time/wall-clock.ts";

/**
 * The last millisecond of a calendar day (YYYY-MM-DD) in an IANA time zone:
 * "works until 2026-06-30" in Paris means until 23:59:59.999 Paris time.
 * The offset is read twice because it may differ between the naive guess
 * and the real instant around a daylight-saving change.
 */
export function endOfDayInZone(isoDate: string, timeZone: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number);
  const nextMidnightWall = Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + 1);
  const guess = nextMidnightWall - zoneOffsetMs(nextMidnightWall, timeZone);
  const nextMidnight = nextMidnightWall - zoneOffsetMs(guess, timeZone);
  return new Date(nextMidnight - 1);
}
