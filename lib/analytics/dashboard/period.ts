import { AppError } from "../../errors.ts";

/**
 * The overview's period: calendar days in the workspace time zone, both ends
 * included. "Last N days" ends today; a custom period names its first and
 * last day. Each period is compared with the same number of days just before
 * it and with the same dates a year earlier.
 */
export const PERIOD_PRESETS = [7, 30, 90, 365] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** Longest custom period: three years of days, so every comparison stays a bounded read. */
export const MAX_PERIOD_DAYS = 1096;

export interface DayRange {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD (included). */
  to: string;
}

export interface Period extends DayRange {
  /** "7", "30", "90", "365" or "custom". */
  preset: string;
  days: number;
  previous: DayRange;
  lastYear: DayRange;
  /** Trend buckets: days up to 92 days, Monday-based weeks beyond. */
  grain: "day" | "week";
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date in `timeZone`, YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function toUtcMs(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return fromUtcMs(toUtcMs(day) + n * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS) + 1;
}

/** The same date a year earlier; 29 February becomes 28 February. */
export function minusOneYear(day: string): string {
  const year = Number(day.slice(0, 4)) - 1;
  const rest = day.slice(5);
  if (rest === "02-29") return `${year}-02-28`;
  return `${year}-${rest}`;
}

function isRealDay(day: string): boolean {
  return ISO_DAY.test(day) && fromUtcMs(toUtcMs(day)) === day;
}

/**
 * Reads the period from the page's query (`period=7|30|90|365`, or
 * `period=custom&from=YYYY-MM-DD&to=YYYY-MM-DD`); nothing given means the
 * last 30 days. A malformed period is a VALIDATION error naming the field.
 */
export function parsePeriod(query: { period?: string; from?: string; to?: string }, timeZone: string, now: Date = new Date()): Period {
  const preset = query.period ?? "30";
  let from: string;
  let to: string;
  if (preset === "custom") {
    const f = query.from ?? "";
    const t = query.to ?? "";
    if (!isRealDay(f)) throw new AppError("VALIDATION", `The period's first day ("from") must be a date written YYYY-MM-DD; got "${f.slice(0, 40)}".`);
    if (!isRealDay(t)) throw new AppError("VALIDATION", `The period's last day ("to") must be a date written YYYY-MM-DD; got "${t.slice(0, 40)}".`);
    if (t < f) throw new AppError("VALIDATION", `The period's last day (${t}) is before its first day (${f}).`);
    if (daysBetween(f, t) > MAX_PERIOD_DAYS) throw new AppError("VALIDATION", `A period can span at most ${MAX_PERIOD_DAYS} days; ${f} to ${t} is ${daysBetween(f, t)}.`);
    if (f < "1900-01-01" || t > "2999-12-31") throw new AppError("VALIDATION", "The period must lie between 1900 and 2999.");
    from = f;
    to = t;
  } else {
    const n = Number(preset);
    if (!(PERIOD_PRESETS as readonly number[]).includes(n) || String(n) !== preset) {
      throw new AppError("VALIDATION", `The period must be one of ${PERIOD_PRESETS.join(", ")} (days) or "custom"; got "${preset.slice(0, 40)}".`);
    }
    to = todayIn(timeZone, now);
    from = addDays(to, -(n - 1));
  }
  const days = daysBetween(from, to);
  return {
    preset,
    from,
    to,
    days,
    previous: { from: addDays(from, -days), to: addDays(from, -1) },
    lastYear: { from: minusOneYear(from), to: minusOneYear(to) },
    grain: days > 92 ? "week" : "day",
  };
}
