import { z } from "zod";
import { COHORT_BREAKDOWNS, COHORT_METRICS, COHORT_PERIODS } from "./cohort-query.schema.ts";
import type { CohortMatrixView } from "./read-cohorts.ts";

/** What GET /api/v1/analytics/cohorts answers in `data`: the matrix flattened to one row per cell, and one per cohort. */
export const cohortApiResponseSchema = z.object({
  period: z.enum(COHORT_PERIODS),
  metric: z.enum(COHORT_METRICS),
  breakdown: z.enum(COHORT_BREAKDOWNS),
  value: z.string().nullable(),
  segmentId: z.number().int().nullable(),
  timezone: z.string().meta({ description: "The workspace time zone, in which periods are calendar months or ISO weeks." }),
  asOf: z.string().nullable().meta({ description: "When the numbers were computed (the last refresh; now with a segment filter). Null before the first refresh." }),
  forecastModel: z.string().nullable().meta({ description: "The fitted model the forecast comes from (latest successful CLV run), or null." }),
  cohorts: z.array(
    z.object({
      cohort: z.string().meta({ description: "First day of the acquisition period, YYYY-MM-DD." }),
      breakdownValue: z.string().nullable().meta({ description: "The breakdown's value (\"\" = not set); null without a breakdown." }),
      cohortSize: z.number().int(),
      actualRepeatPurchasesPerCustomer: z.number().meta({ description: "Repeat purchase days per original customer to date." }),
      expectedRepeatPurchasesPerCustomer: z.number().nullable().meta({ description: "The model's expectation for customers of these ages; null without a fitted model." }),
    }),
  ),
  cells: z.array(
    z.object({
      cohort: z.string(),
      breakdownValue: z.string().nullable(),
      cohortSize: z.number().int(),
      periodIndex: z.number().int().meta({ description: "Periods since acquisition; 0 is the acquisition period." }),
      value: z.number().meta({ description: "The metric: a share (0..1), orders per original customer, or cumulative revenue per original customer in the workspace currency." }),
      customers: z.number().int().meta({ description: "Customers behind the cell (purchasing in the period, or in it or later for retention_on_or_after)." }),
    }),
  ),
});
export type CohortApiResponse = z.infer<typeof cohortApiResponseSchema>;

export function cohortApiResponse(matrix: CohortMatrixView): CohortApiResponse {
  return {
    period: matrix.period,
    metric: matrix.metric,
    breakdown: matrix.breakdown,
    value: matrix.value,
    segmentId: matrix.segmentId,
    timezone: matrix.timezone,
    asOf: matrix.asOf,
    forecastModel: matrix.forecastModel,
    cohorts: matrix.cohorts.map(({ cells: _cells, ...row }) => row),
    cells: matrix.cohorts.flatMap((row) =>
      row.cells.map((cell) => ({ cohort: row.cohort, breakdownValue: row.breakdownValue, cohortSize: row.cohortSize, periodIndex: cell.periodIndex, value: cell.value, customers: cell.customers })),
    ),
  };
}
