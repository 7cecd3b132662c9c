import { z } from "zod";
import type { ProgrammeResultsView } from "../../campaigns/programme/load-programme-results.ts";

/**
 * The shape of GET /api/v1/programme/results for the OpenAPI document, held to
 * ProgrammeResultsView at compile time (below).
 */
const interval = z.object({ estimate: z.number(), low: z.number(), high: z.number() });

const group = z.object({
  key: z.enum(["control", "rest"]),
  label: z.string(),
  customers: z.number().int().meta({ description: "In the group as of the period's first day, or at creation for customers created in it (intention to treat)." }),
  converters: z.number().int().meta({ description: "Distinct customers with a counted order in the period." }),
  buyerDays: z.number().int().meta({ description: "Customer-days with a counted order." }),
  orders: z.number().int(),
  revenue: z.number(),
  revenueSq: z.number().meta({ description: "Σ over customer-days of the day's revenue squared (for the variance)." }),
  conversionRate: z.number().nullable(),
  revenuePerCustomer: z.number().nullable(),
});

export const programmeResultsSchema = z.object({
  from: z.string().meta({ description: "First day (YYYY-MM-DD, workspace time zone)." }),
  to: z.string().meta({ description: "Last day, included." }),
  currency: z.string(),
  timezone: z.string(),
  globalControlPercent: z.number().int(),
  refreshedAt: z.string().nullable().meta({ description: "When a worker last rewrote the sums (hourly); null before its first pass." }),
  countedThrough: z.string().nullable(),
  groups: z.tuple([group, group]).meta({ description: "The global control group, then everyone else." }),
  comparison: z
    .object({
      revenuePerCustomer: z.object({
        estimate: z.number(),
        fixed: interval.extend({ pValue: z.number(), standardError: z.number(), degreesOfFreedom: z.number() }).meta({ description: "Welch, fixed horizon." }),
        sequential: interval.meta({ description: "Always valid: may be looked at every day." }),
      }),
      conversionRate: z.number(),
      incrementalRevenue: z.object({ fixed: interval, sequential: interval }).meta({ description: "Difference per customer × everyone else's customers." }),
    })
    .nullable()
    .meta({ description: "Null until each group has 30 customers in the period." }),
  verdict: z.object({
    kind: z.enum(["gain", "loss", "inconclusive", "too-early", "no-control"]),
    text: z.string(),
    interval: z.literal("sequential"),
  }),
});

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _shapeMatches: Mutual<z.output<typeof programmeResultsSchema>, ProgrammeResultsView> = true;
