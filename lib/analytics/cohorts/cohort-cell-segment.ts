import { z } from "zod";
import { AppError } from "../../errors.ts";
import { createSegment, type CreateSegmentResult } from "../../segments/create-segment.ts";
import type { SegmentDefinition } from "../../segments/definition.schema.ts";
import { periodStartDate, previousDate } from "./cohort-matrix.ts";
import { COHORT_BREAKDOWNS, COHORT_PERIODS } from "./cohort-query.schema.ts";

export const cohortCellSegmentSchema = z.strictObject({
  name: z.string().trim().min(1, "A name is required").max(120, "Names are limited to 120 characters"),
  period: z.enum(COHORT_PERIODS),
  /** "on": customers who purchased in the period; "onOrAfter": in the period or any later one. */
  basis: z.enum(["on", "onOrAfter"]),
  cohort: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "cohort must be a date YYYY-MM-DD"),
  periodIndex: z.number().int().min(0).max(10_000),
  breakdown: z.enum(COHORT_BREAKDOWNS),
  value: z.string().max(200).nullable(),
  segment: z.number().int().min(1).max(2_147_483_647).nullable(),
});
export type CohortCellSegmentInput = z.infer<typeof cohortCellSegmentSchema>;

const FAR_PAST = "1900-01-01";
const FAR_FUTURE = "2999-12-31";

/**
 * The rules that select exactly one cohort cell's customers, in the segment
 * rule language (so the segment can be explained and edited like any other):
 * no counted order before the cohort's first day, at least one in the
 * cohort's period, at least one in period k (or from period k on), and the
 * breakdown value or segment filter. Calendar dates in rules are days in the
 * workspace time zone, as cohort periods are. A first-order category cannot
 * be said in rules ("a category of the first order"), so those cells are refused.
 */
export function cohortCellDefinition(input: CohortCellSegmentInput): SegmentDefinition {
  const cohortEnd = previousDate(periodStartDate(input.period, input.cohort, 1));
  const periodFrom = periodStartDate(input.period, input.cohort, input.periodIndex);
  const periodTo = input.basis === "onOrAfter" ? FAR_FUTURE : previousDate(periodStartDate(input.period, input.cohort, input.periodIndex + 1));
  const children: SegmentDefinition["root"]["children"] = [
    { id: "before", type: "orders", measure: "count", window: { kind: "between", from: FAR_PAST, to: previousDate(input.cohort) }, match: { op: "equals", value: 0 } },
    { id: "acquired", type: "orders", measure: "count", window: { kind: "between", from: input.cohort, to: cohortEnd }, match: { op: "gte", value: 1 } },
    { id: "period", type: "orders", measure: "count", window: { kind: "between", from: periodFrom, to: periodTo }, match: { op: "gte", value: 1 } },
  ];
  if (input.breakdown === "category") {
    const message = "A first-order category cell cannot be saved as a segment; choose no breakdown, channel or country";
    throw new AppError("VALIDATION", message, [{ path: "breakdown", message }]);
  }
  if (input.breakdown !== "none") {
    if (input.value === null) {
      const message = "value is required with a breakdown";
      throw new AppError("VALIDATION", message, [{ path: "value", message }]);
    }
    const field = input.breakdown === "channel" ? "acquisitionChannel" : "country";
    children.push(
      input.value === ""
        ? {
            id: "breakdown",
            type: "group",
            combinator: "or",
            children: [
              { id: "unset", type: "attribute", field, match: { op: "isNotSet" } },
              { id: "empty", type: "attribute", field, match: { op: "equals", value: "" } },
            ],
          }
        : { id: "breakdown", type: "attribute", field, match: { op: "equals", value: input.value } },
    );
  }
  if (input.segment !== null) children.push({ id: "segment", type: "segment", segmentId: input.segment });
  return { version: 1, root: { id: "root", type: "group", combinator: "and", children } };
}

/** Saves a static segment of one cohort cell's customers (members fixed now, in the saving transaction). */
export async function createCohortCellSegment(workspaceId: number, actorUserId: string | null, input: CohortCellSegmentInput): Promise<CreateSegmentResult> {
  const parsed = cohortCellSegmentSchema.parse(input);
  const description = `Cohort ${parsed.cohort} (${parsed.period}), period ${parsed.periodIndex}${parsed.basis === "onOrAfter" ? " or later" : ""}`;
  return createSegment(workspaceId, actorUserId, { name: parsed.name, description, kind: "STATIC", definition: cohortCellDefinition(parsed) });
}
