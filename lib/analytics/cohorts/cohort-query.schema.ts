import { z } from "zod";
import { AppError } from "../../errors.ts";
import { textProblem } from "../../storable-text.ts";

/** Calendar months or ISO weeks (Monday start), in the workspace time zone. */
export const COHORT_PERIODS = ["month", "week"] as const;
export type CohortPeriod = (typeof COHORT_PERIODS)[number];

export const COHORT_METRICS = ["retention", "retention_on_or_after", "orders_per_customer", "cumulative_revenue_per_customer"] as const;
export type CohortMetric = (typeof COHORT_METRICS)[number];

/** What the cohorts can be split by; "none" is the whole workspace (stored as breakdown kind "all"). */
export const COHORT_BREAKDOWNS = ["none", "channel", "country", "category"] as const;
export type CohortBreakdown = (typeof COHORT_BREAKDOWNS)[number];
export type StoredBreakdownKind = "all" | "channel" | "country" | "category";

export function storedBreakdownKind(breakdown: CohortBreakdown): StoredBreakdownKind {
  return breakdown === "none" ? "all" : breakdown;
}

const oneOf = <T extends readonly [string, ...string[]]>(values: T, name: string) =>
  z.enum(values, { error: () => `${name} must be one of ${values.join(", ")}` });

/**
 * The cohort matrix's query: from the API's query string and the page's
 * search parameters alike. `value` keeps one value of the breakdown (an
 * empty string is "not set"); `segment` keeps the members of a saved segment;
 * `cohorts` is how many of the most recent cohorts to return (by default 24
 * months or 26 weeks).
 */
export const cohortQuerySchema = z
  .strictObject({
    period: oneOf(COHORT_PERIODS, "period").default("month"),
    metric: oneOf(COHORT_METRICS, "metric").default("retention"),
    breakdown: oneOf(COHORT_BREAKDOWNS, "breakdown").default("none"),
    value: z
      .string()
      .max(200, "value is limited to 200 characters")
      .refine((v) => textProblem(v) === null, "value holds characters that cannot be stored (NUL or an unpaired surrogate)")
      .optional(),
    segment: z
      .string()
      .regex(/^[1-9][0-9]{0,9}$/, "segment must be a segment id")
      .transform(Number)
      .refine((n) => n <= 2_147_483_647, "segment must be a segment id")
      .optional(),
    cohorts: z
      .string()
      .regex(/^[0-9]{1,4}$/, "cohorts must be a whole number from 1 to 520")
      .transform(Number)
      .refine((n) => n >= 1 && n <= 520, "cohorts must be a whole number from 1 to 520")
      .optional(),
  })
  .refine((q) => q.value === undefined || q.breakdown !== "none", { path: ["value"], message: "value needs a breakdown (channel, country or category)" });
export type CohortQuery = z.output<typeof cohortQuerySchema>;

/** Reads the query from URL search parameters; a repeated parameter is refused, naming it, rather than one copy winning. */
export function parseCohortQuery(params: URLSearchParams): CohortQuery {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (Object.hasOwn(raw, key)) {
      const message = `${key} is given more than once`;
      throw new AppError("VALIDATION", message, [{ path: key, message }]);
    }
    raw[key] = value;
  }
  return cohortQuerySchema.parse(raw);
}

export const DEFAULT_COHORTS: Record<CohortPeriod, number> = { month: 24, week: 26 };
