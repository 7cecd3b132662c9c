import { cohortApiResponseSchema } from "../../analytics/cohorts/cohort-api-response.ts";
import { COHORT_BREAKDOWNS, COHORT_METRICS, COHORT_PERIODS } from "../../analytics/cohorts/cohort-query.schema.ts";
import { z } from "zod";
import { scoped } from "./openapi-scopes.ts";

/** The public analytics endpoints (/api/v1/analytics/...) for the OpenAPI document; handlers live with lib/analytics. */
export const ANALYTICS_COMPONENTS = {
  CohortMatrixResponse: z.object({ data: cohortApiResponseSchema }),
} as const;

type Ref = (name: keyof typeof ANALYTICS_COMPONENTS | "Error") => { $ref: string };

export function analyticsPaths(ref: Ref, errors: { "401": object; "404": object; "422": object }) {
  const query = (name: string, schema: object, description: string) => ({ name, in: "query", required: false, schema, description });
  return {
    "/api/v1/analytics/cohorts": {
      get: scoped("read", {
        summary: "Acquisition cohort matrix",
        description:
          "Customers grouped by the calendar month or ISO week (workspace time zone) of their first counted order, with a metric for each period since. " +
          "Shares and per-customer numbers use the cohort's original size as the denominator. Read from aggregates the workers refresh after each analytics run and import; with `segment`, computed live over that segment's members. " +
          "A malformed or repeated parameter is a 422 naming it.",
        parameters: [
          query("period", { type: "string", enum: COHORT_PERIODS, default: "month" }, "Calendar months or ISO weeks (Monday start)."),
          query(
            "metric",
            { type: "string", enum: COHORT_METRICS, default: "retention" },
            "retention: share purchasing in the period; retention_on_or_after: share purchasing in it or any later period; orders_per_customer: orders in the period per original customer; cumulative_revenue_per_customer: revenue up to the period per original customer.",
          ),
          query("breakdown", { type: "string", enum: COHORT_BREAKDOWNS, default: "none" }, "Split cohorts by acquisition channel, country or a category of the first order."),
          query("value", { type: "string", maxLength: 200 }, "Keep one value of the breakdown (empty = not set)."),
          query("segment", { type: "integer", minimum: 1 }, "Only members of this saved segment."),
          query("cohorts", { type: "integer", minimum: 1, maximum: 520 }, "How many of the most recent cohorts (default 24 months or 26 weeks)."),
        ],
        responses: {
          "200": { description: "The matrix.", content: { "application/json": { schema: ref("CohortMatrixResponse") } } },
          "401": errors["401"],
          "404": { ...errors["404"], description: "`segment` is not a segment of the key's workspace." },
          "422": errors["422"],
        },
      }),
    },
  };
}
