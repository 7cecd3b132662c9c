import { z } from "zod";
import { AppError } from "../../errors.ts";
import { CHURN_RISK_BANDS } from "../recompute/analytics-settings.schema.ts";
import { createSegment, type CreateSegmentResult } from "../../segments/create-segment.ts";
import type { SegmentDefinition } from "../../segments/definition.schema.ts";
import { readDashboard } from "./dashboard-read.ts";
import { latestRunAggregate, type ClvRunAggregate } from "./run-aggregates.ts";

const text = z.string().max(200, "Values are limited to 200 characters");
const day = z.string().regex(/^\d{4}-\d{2}-01$/, "cohort must be the first day of a month, YYYY-MM-01");

export const ltvSliceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("decile"), decile: z.number().int().min(1).max(10) }),
  z.strictObject({ kind: z.literal("band"), band: z.enum(CHURN_RISK_BANDS) }),
  z.strictObject({ kind: z.literal("channel"), channel: text }),
  z.strictObject({ kind: z.literal("cohort"), period: z.enum(["month", "quarter"]), cohort: day }),
  z.strictObject({ kind: z.literal("rfmSegment"), segment: text.min(1, "segment is required") }),
  z.strictObject({ kind: z.literal("valuableAtRisk") }),
]);
export type LtvSlice = z.infer<typeof ltvSliceSchema>;

export const ltvSliceSegmentSchema = z.strictObject({
  name: z.string().trim().min(1, "A name is required").max(120, "Names are limited to 120 characters"),
  slice: ltvSliceSchema,
});
export type LtvSliceSegmentInput = z.infer<typeof ltvSliceSegmentSchema>;

const FAR_PAST = "1900-01-01";
const scored = { id: "scored", type: "metric", metric: "churnRiskBand", match: { op: "isSet" } } as const;

/**
 * The rules that select one slice of the LTV page, in the segment rule
 * language (so the segment reads, explains and edits like any other). Bounds
 * that depend on the run (a decile's CLV range, the "valuable" threshold)
 * come from the latest CLV run's stored aggregate, never from the browser. A
 * decile is said as its CLV range, so customers tied on a boundary value fall
 * in both neighbours' segments; a cohort, like the Cohorts page's, as "no
 * counted order before its first day and at least one in it".
 */
export function ltvSliceDefinition(slice: LtvSlice, data: ClvRunAggregate | null): SegmentDefinition {
  const children: SegmentDefinition["root"]["children"] = [];
  switch (slice.kind) {
    case "decile": {
      const d = data?.deciles.find((x) => x.decile === slice.decile);
      if (!d) throw refusal("slice.decile", `Decile ${slice.decile} is not in the latest CLV run; run the analytics again.`);
      children.push({ id: "clv", type: "metric", metric: "predictedClv12m", match: { op: "between", min: Number(d.minClv), max: Number(d.maxClv) } });
      break;
    }
    case "band":
      children.push({ id: "band", type: "metric", metric: "churnRiskBand", match: { op: "equals", value: slice.band } });
      break;
    case "channel":
      children.push(scored);
      children.push(
        slice.channel === ""
          ? {
              id: "channel",
              type: "group",
              combinator: "or",
              children: [
                { id: "unset", type: "attribute", field: "acquisitionChannel", match: { op: "isNotSet" } },
                { id: "empty", type: "attribute", field: "acquisitionChannel", match: { op: "equals", value: "" } },
              ],
            }
          : { id: "channel", type: "attribute", field: "acquisitionChannel", match: { op: "equals", value: slice.channel } },
      );
      break;
    case "cohort": {
      const month = Number(slice.cohort.slice(5, 7));
      if (slice.period === "quarter" && (month - 1) % 3 !== 0) throw refusal("slice.cohort", "A quarter starts in January, April, July or October.");
      const last = lastDayOf(slice.cohort, slice.period === "quarter" ? 3 : 1);
      children.push(scored);
      children.push({ id: "before", type: "orders", measure: "count", window: { kind: "between", from: FAR_PAST, to: dayBefore(slice.cohort) }, match: { op: "equals", value: 0 } });
      children.push({ id: "acquired", type: "orders", measure: "count", window: { kind: "between", from: slice.cohort, to: last }, match: { op: "gte", value: 1 } });
      break;
    }
    case "rfmSegment":
      children.push(scored);
      children.push({ id: "rfm", type: "metric", metric: "rfmSegment", match: { op: "equals", value: slice.segment } });
      break;
    case "valuableAtRisk": {
      const threshold = data?.valuable?.thresholdClv;
      if (threshold === null || threshold === undefined) throw refusal("slice", "The latest CLV run has no predictions; run the analytics again.");
      children.push({ id: "valuable", type: "metric", metric: "predictedClv12m", match: { op: "gte", value: Number(threshold) } });
      children.push({ id: "band", type: "metric", metric: "churnRiskBand", match: { op: "equals", value: data!.valuable!.band } });
      break;
    }
  }
  return { version: 1, root: { id: "root", type: "group", combinator: "and", children } };
}

/** Saves a static segment of one LTV slice's customers (members fixed now, in the saving transaction). */
export async function createLtvSliceSegment(workspaceId: number, actorUserId: string | null, input: LtvSliceSegmentInput): Promise<CreateSegmentResult> {
  const parsed = ltvSliceSegmentSchema.parse(input);
  const stored = await readDashboard((client) => latestRunAggregate(client, workspaceId, "clv"));
  const definition = ltvSliceDefinition(parsed.slice, stored?.data ?? null);
  const description = `From the LTV & Churn page (CLV run ${stored?.runId ?? "none"}): ${describeSlice(parsed.slice)}`;
  return createSegment(workspaceId, actorUserId, { name: parsed.name, description, kind: "STATIC", definition });
}

export function describeSlice(slice: LtvSlice): string {
  switch (slice.kind) {
    case "decile":
      return `predicted CLV decile ${slice.decile}`;
    case "band":
      return `${slice.band} churn risk`;
    case "channel":
      return `acquisition channel ${slice.channel === "" ? "not set" : `"${slice.channel}"`}`;
    case "cohort":
      return `first order in the ${slice.period} starting ${slice.cohort}`;
    case "rfmSegment":
      return `RFM segment ${slice.segment}`;
    case "valuableAtRisk":
      return "valuable customers (top 20% predicted CLV) at high churn risk";
  }
}

function refusal(path: string, message: string): AppError {
  return new AppError("VALIDATION", message, [{ path, message }]);
}

function dayBefore(isoDay: string): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function lastDayOf(firstDay: string, months: number): string {
  const d = new Date(`${firstDay}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return dayBefore(d.toISOString().slice(0, 10));
}
