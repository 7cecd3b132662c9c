import { z } from "zod";
import type { CampaignResultsView } from "../../campaigns/results/load-campaign-results.ts";

/**
 * The shape of GET /api/v1/campaigns/{campaignId}/results for the OpenAPI
 * document, held to CampaignResultsView at compile time (below).
 */
const interval = z.object({ estimate: z.number(), low: z.number(), high: z.number() });
const twoIntervals = interval
  .extend({
    fixed: interval.extend({ pValue: z.number() }).meta({ description: "Welch, fixed horizon: valid for a single look at the end." }),
    sequential: interval.meta({ description: "Always valid: may be looked at every day without inflating false positives. The top-level estimate, low and high are this one." }),
  })
  .meta({ description: "Treatment minus control, with both intervals; the top level repeats the sequential one." });

const outcomeRow = z.object({
  key: z.string().meta({ description: "`control`, `treatment` (all treated customers) or a variant's key." }),
  label: z.string(),
  arm: z.enum(["control", "treatment"]),
  variantKey: z.string().nullable(),
  customers: z.number().int().meta({ description: "Assigned (intention to treat: delivered or not)." }),
  converters: z.number().int(),
  conversionRate: z.number(),
  orders: z.number().int(),
  revenue: z.number(),
  revenuePerCustomer: z.number(),
  averageOrderValue: z.number().nullable(),
  unsubscribes: z.number().int(),
});

const comparison = z.object({
  key: z.string(),
  label: z.string(),
  customers: z.number().int(),
  revenuePerCustomer: twoIntervals,
  conversionRate: twoIntervals,
  relativeLift: interval.nullable().meta({ description: "Relative lift in revenue per customer (0.1 = +10%), delta method; null when the control has no revenue." }),
  incrementalRevenue: twoIntervals,
  incrementalConversions: twoIntervals,
  roi: interval.nullable().meta({ description: "(incremental revenue × gross margin − message cost) / message cost, from the sequential interval; null without cost or margin." }),
  cuped: interval.extend({ narrowing: z.number() }).nullable().meta({ description: "Revenue per customer adjusted for pre-period revenue (CUPED); narrowing 0.3 = interval 30% narrower." }),
});

export const campaignResultsSchema = z.object({
  campaignId: z.number().int(),
  state: z.enum(["no_control", "too_early", "ready"]),
  confidence: z.number(),
  customers: z.number().int(),
  currency: z.string(),
  timezone: z.string(),
  attributionDays: z.number().int(),
  refreshedAt: z.string().nullable().meta({ description: "When the outcome sums were last recomputed (a worker, every 10 minutes while they can move)." }),
  windowEndsAt: z.string().nullable(),
  arms: z.array(outcomeRow),
  comparisons: z.array(comparison).meta({ description: "All treated customers against the control first, then each variant." }),
  variantPairs: z.array(z.object({ a: z.string(), b: z.string(), revenuePerCustomer: twoIntervals, conversionRate: twoIntervals })).meta({ description: "Variant a minus variant b." }),
  sampleRatio: z
    .object({ pValue: z.number(), mismatch: z.boolean(), expected: z.record(z.string(), z.number()), observed: z.record(z.string(), z.number()) })
    .nullable()
    .meta({ description: "Chi-square of the arms' sizes against the configured split; mismatch below p = 0.001." }),
  verdict: z.object({ text: z.string(), significant: z.boolean(), interval: z.literal("sequential") }),
  cumulative: z.array(z.object({ day: z.string(), incrementalRevenue: z.number(), low: z.number(), high: z.number() })),
  slices: z.array(
    z.object({
      slice: z.enum(["rfm_segment", "churn_band", "clv_decile"]),
      value: z.string(),
      controlCustomers: z.number().int(),
      treatedCustomers: z.number().int(),
      revenuePerCustomer: interval.extend({ pValue: z.number() }).nullable(),
      incrementalRevenue: interval.nullable(),
      responsive: z.boolean(),
    }),
  ),
  suggestion: z.string().nullable(),
  warnings: z.array(z.string()),
  autoWinner: z
    .object({ minCustomersPerVariant: z.number().int(), metric: z.enum(["revenue", "conversion"]) })
    .nullable()
    .meta({ description: "The automatic-winner setting; null when off." }),
  winner: z
    .object({
      variantKey: z.string(),
      metric: z.enum(["revenue", "conversion"]),
      decidedAt: z.string(),
      switchedMessages: z.number().int().meta({ description: "Queued messages of other variants given the winner at the decision." }),
      numbers: z.object({
        metric: z.enum(["revenue", "conversion"]),
        confidence: z.number().meta({ description: "Of each always-valid interval: 95% shared out over every pair of variants." }),
        minCustomersPerVariant: z.number().int(),
        arms: z.array(z.object({ key: z.string(), n: z.number().int(), mean: z.number() })),
        comparisons: z.array(z.object({ against: z.string(), estimate: z.number(), low: z.number(), high: z.number() })).meta({ description: "The winner minus each other variant." }),
      }),
    })
    .nullable()
    .meta({ description: "The automatic winner once decided, with the numbers it was decided on; null before." }),
});

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _shapeMatches: Mutual<z.output<typeof campaignResultsSchema>, CampaignResultsView> = true;
