import type { GenerativeParameters } from "./generative-model.ts";
import type { Rng } from "./random.ts";

export const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Seasonal intensity over the simulation window: season(t) = monthly · weekday
 * · hourly in local time, each normalised to mean 1. Day factors are looked up
 * by epoch day (precomputed once), so thinning a candidate costs two array
 * reads instead of a Date.
 */
export interface SeasonCalendar {
  startMs: number;
  endMs: number;
  firstEpochDay: number;
  dayFactor: Float64Array;
  hourly: Float64Array;
  maxFactor: number;
}

function normalised(values: readonly number[], weights?: readonly number[]): Float64Array {
  let sum = 0;
  let weightSum = 0;
  values.forEach((v, i) => {
    const w = weights?.[i] ?? 1;
    sum += v * w;
    weightSum += w;
  });
  return Float64Array.from(values, (v) => (v * weightSum) / sum);
}

export function buildSeasonCalendar(params: GenerativeParameters, startMs: number, endMs: number): SeasonCalendar {
  const monthly = normalised(params.monthly, DAYS_IN_MONTH);
  const weekday = normalised(params.weekday);
  const hourly = normalised(params.hourly);
  // One spare day either side covers every local offset (UTC-12..+14).
  const firstEpochDay = Math.floor(startMs / MS_PER_DAY) - 1;
  const lastEpochDay = Math.floor(endMs / MS_PER_DAY) + 1;
  const dayFactor = new Float64Array(lastEpochDay - firstEpochDay + 1);
  let maxDay = 0;
  for (let d = 0; d < dayFactor.length; d++) {
    const date = new Date((firstEpochDay + d) * MS_PER_DAY);
    const f = (monthly[date.getUTCMonth()] ?? 1) * (weekday[date.getUTCDay()] ?? 1);
    dayFactor[d] = f;
    if (f > maxDay) maxDay = f;
  }
  let maxHour = 0;
  for (const h of hourly) if (h > maxHour) maxHour = h;
  return { startMs, endMs, firstEpochDay, dayFactor, hourly, maxFactor: maxDay * maxHour };
}

/** season(t) at UTC instant utcMs for someone whose local clock is utcMs + offsetMs. */
export function seasonFactor(calendar: SeasonCalendar, utcMs: number, offsetMs: number): number {
  const local = utcMs + offsetMs;
  const epochDay = Math.floor(local / MS_PER_DAY);
  const hour = Math.floor((local - epochDay * MS_PER_DAY) / MS_PER_HOUR);
  return (calendar.dayFactor[epochDay - calendar.firstEpochDay] ?? 1) * (calendar.hourly[hour] ?? 1);
}

/**
 * Appends to `out` the arrival times (whole ms) in (fromMs, toMs) of a Poisson
 * process with intensity ratePerDay · season(t), by Lewis–Shedler thinning.
 */
export function seasonalArrivals(
  rng: Rng,
  calendar: SeasonCalendar,
  ratePerDay: number,
  fromMs: number,
  toMs: number,
  offsetMs: number,
  out: number[],
): void {
  if (!(ratePerDay > 0) || toMs <= fromMs) return;
  const envelopePerMs = (ratePerDay * calendar.maxFactor) / MS_PER_DAY;
  let t = fromMs;
  for (;;) {
    t += rng.exponential(envelopePerMs);
    if (t >= toMs) return;
    if (rng.uniform() * calendar.maxFactor < seasonFactor(calendar, t, offsetMs)) {
      const ms = Math.floor(t);
      if (ms > fromMs && ms < toMs) out.push(ms);
    }
  }
}

/**
 * Sign-up times for `count` customers: i.i.d. with density
 * ∝ growth^(t / window) · season(t) in workspace time, sorted ascending so
 * customer ids follow sign-up order.
 */
export function signupTimes(
  rng: Rng,
  calendar: SeasonCalendar,
  count: number,
  growth: number,
  workspaceOffsetMs: number,
): Float64Array {
  const span = calendar.endMs - calendar.startMs;
  const logGrowth = Math.log(growth);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    for (;;) {
      const u = rng.uniform();
      // Inverse CDF of the exponential-growth density on [0, span).
      const x = Math.abs(logGrowth) < 1e-9 ? u : Math.log(1 + u * (growth - 1)) / logGrowth;
      const t = calendar.startMs + Math.floor(x * span);
      if (t >= calendar.endMs) continue;
      if (rng.uniform() * calendar.maxFactor < seasonFactor(calendar, t, workspaceOffsetMs)) {
        out[i] = t;
        break;
      }
    }
  }
  return out.sort();
}
