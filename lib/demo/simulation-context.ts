import { buildCatalogue, CATEGORIES, type Catalogue } from "./catalogue.ts";
import { DEFAULT_PARAMETERS, type GenerativeParameters } from "./generative-model.ts";
import { EU_MARKET, US_MARKET, type Location } from "./geography.ts";
import { EU_NAMES, US_NAMES, type NameLists } from "./name-lists.ts";
import { Rng, cumulativeWeights, seedWords } from "./random.ts";
import { buildSeasonCalendar, MS_PER_DAY, signupTimes, type SeasonCalendar } from "./season-calendar.ts";

export type MarketName = "us" | "eu";

export interface SimulationInput {
  seed: number;
  customers: number;
  /** End of the window (exclusive); use demoAsOf() to turn a date into it. */
  asOf: Date;
  market: MarketName;
  /** Workspace standard-time offset: places sign-ups and newsletters at local hours. */
  workspaceUtcOffsetHours: number;
  params?: GenerativeParameters;
}

/** Everything shared by all customers of one generation run, computed once. */
export interface SimulationContext {
  params: GenerativeParameters;
  seed: [number, number];
  customers: number;
  startMs: number;
  endMs: number;
  asOfYear: number;
  calendar: SeasonCalendar;
  catalogue: Catalogue;
  locations: readonly Location[];
  locationCumulative: Float64Array;
  names: NameLists;
  signups: Float64Array;
  workspaceOffsetMs: number;
  /** Newsletter send instants inside the tracking period, ascending. */
  newsletterSends: readonly number[];
  meanPurchaseRate: number;
  meanDropoutRate: number;
  /** Cumulative weights of 1, 2, 3... lines per order. */
  lineCountCumulative: Float64Array;
}

/** Midnight UTC at the start of the given calendar day: the exclusive end of the window. */
export function demoAsOf(date: Date | string): Date {
  const d = typeof date === "string" ? new Date(`${date}T00:00:00Z`) : date;
  if (Number.isNaN(d.getTime())) throw new Error(`invalid as-of date: ${String(date)}`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function newsletterSchedule(params: GenerativeParameters, endMs: number, offsetMs: number): number[] {
  const trackingStart = endMs - params.events.trackingDays * MS_PER_DAY;
  // First Tuesday at 10:00 workspace time on or after tracking start.
  const localStartDay = Math.floor((trackingStart + offsetMs) / MS_PER_DAY);
  let day = localStartDay;
  while (new Date(day * MS_PER_DAY).getUTCDay() !== 2) day++;
  const sends: number[] = [];
  for (let t = day * MS_PER_DAY + 10 * 3_600_000 - offsetMs; t < endMs; t += params.events.newsletterEveryDays * MS_PER_DAY) {
    if (t >= trackingStart) sends.push(t);
  }
  return sends;
}

export function buildSimulationContext(input: SimulationInput): SimulationContext {
  const params = input.params ?? DEFAULT_PARAMETERS;
  if (!Number.isInteger(input.customers) || input.customers < 0) throw new Error("customers must be a non-negative integer");
  if (params.channels.length === 0) throw new Error("at least one acquisition channel is needed");
  if (CATEGORIES.length === 0) throw new Error("the catalogue needs categories");
  const seed = seedWords(input.seed);
  const endMs = demoAsOf(input.asOf).getTime();
  const startMs = endMs - params.historyDays * MS_PER_DAY;
  const calendar = buildSeasonCalendar(params, startMs, endMs);
  const workspaceOffsetMs = input.workspaceUtcOffsetHours * 3_600_000;
  const locations = input.market === "eu" ? EU_MARKET : US_MARKET;
  return {
    params,
    seed,
    customers: input.customers,
    startMs,
    endMs,
    asOfYear: new Date(endMs).getUTCFullYear(),
    calendar,
    catalogue: buildCatalogue(seed),
    locations,
    locationCumulative: cumulativeWeights(locations.map((l) => l.weight)),
    names: input.market === "eu" ? EU_NAMES : US_NAMES,
    signups: signupTimes(new Rng(...seed, 0x5167), calendar, input.customers, params.acquisitionGrowth, workspaceOffsetMs),
    workspaceOffsetMs,
    newsletterSends: newsletterSchedule(params, endMs, workspaceOffsetMs),
    meanPurchaseRate: params.purchaseRate.r / params.purchaseRate.alpha,
    meanDropoutRate: params.dropoutRate.s / params.dropoutRate.beta,
    lineCountCumulative: cumulativeWeights(params.itemCountWeights),
  };
}
