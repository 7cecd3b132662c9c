import { wallClock, zoneOffsetMs } from "../../time/wall-clock.ts";
/**
 * When is the nightly recompute due? Pure time arithmetic in the workspace's
 * time zone (Intl, no library). The tick runs every 15 minutes; a workspace
 * is due when no RFM run has been created since its most recent scheduled
 * slot. Any run counts (manual, import, a failed scheduled one): a run at
 * 02:05 after a 02:00 slot already is tonight's run, and a failed nightly run
 * is retried by BullMQ, not by every following tick.
 */

export interface NightlyDueInput {
  now: Date;
  timeZone: string;
  schedule: { enabled: boolean; time: string };
  /** created_at of the workspace's latest RFM run of any trigger, or null if none. */
  lastRunCreatedAt: Date | null;
}

export function isNightlyRecomputeDue(input: NightlyDueInput): boolean {
  if (!input.schedule.enabled) return false;
  const slot = latestSlotAtOrBefore(input.now, input.timeZone, input.schedule.time);
  return input.lastRunCreatedAt === null || input.lastRunCreatedAt.getTime() < slot.getTime();
}

/** The most recent instant at or before `now` when the local clock in `timeZone` read `time` (HH:MM). */
export function latestSlotAtOrBefore(now: Date, timeZone: string, time: string): Date {
  const [hour, minute] = parseHhmm(time);
  const today = wallClock(now.getTime(), timeZone);
  const slotToday = zonedInstant(today.year, today.month, today.day, hour, minute, timeZone);
  if (slotToday.getTime() <= now.getTime()) return slotToday;
  const yesterday = new Date(Date.UTC(today.year, today.month - 1, today.day - 1));
  return zonedInstant(yesterday.getUTCFullYear(), yesterday.getUTCMonth() + 1, yesterday.getUTCDate(), hour, minute, timeZone);
}

/**
 * The instant when the local clock reads the given wall time. In a DST gap
 * (02:30 on a spring-forward night) the time is moved forward by the gap
 * (03:30), in an overlap (01:30 twice in autumn) the first of the two is
 * taken: Temporal's "compatible" disambiguation.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asUtc - zoneOffsetMs(asUtc, timeZone);
  const second = asUtc - zoneOffsetMs(first, timeZone);
  const matches = [first, second].filter((t) => wallClockMs(t, timeZone) === asUtc);
  if (matches.length > 0) return new Date(Math.min(...matches));
  return new Date(Math.max(first, second));
}

/** The local wall time of an instant, written as if it were UTC (ms). */
function wallClockMs(ms: number, timeZone: string): number {
  return ms + zoneOffsetMs(ms, timeZone) - (ms - Math.floor(ms / 1000) * 1000);
}

function parseHhmm(time: string): [number, number] {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`Schedule time must be HH:MM, got "${time}".`);
  return [Number(match[1]), Number(match[2])];
}
