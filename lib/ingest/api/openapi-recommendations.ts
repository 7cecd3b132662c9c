import { z } from "zod";
import { RECOMMENDATION_LIMIT } from "../../recommendations/customer-recommendations.ts";
import { recommendationsApiResponseSchema } from "../../recommendations/recommendations-api.ts";
import { scoped } from "./openapi-scopes.ts";

/** GET /api/v1/customers/{externalId}/recommendations for the OpenAPI document; the handler lives with lib/recommendations. */
export const RECOMMENDATION_COMPONENTS = {
  RecommendationsResponse: z.object({ data: recommendationsApiResponseSchema }),
} as const;

type Ref = (name: keyof typeof RECOMMENDATION_COMPONENTS | "Error") => { $ref: string };

export function recommendationPaths(ref: Ref, errors: { "401": object; "404": object; "422": object }) {
  return {
    "/api/v1/customers/{externalId}/recommendations": {
      get: scoped("read", {
        summary: "Next-best offers for a customer",
        description:
          "Products and categories most associated with what the customer bought (co-purchase confidence, recent purchases weighing more), " +
          "leaving out what they already own unless it is a repeat purchase, then popular products to fill the list; each with a reason. " +
          "Computed from the co-purchase model the workers rebuild after imports, hourly after API order writes and nightly.",
        parameters: [
          { name: "externalId", in: "path", required: true, schema: { type: "string" }, description: "URL-encoded external_id." },
          {
            name: "limit",
            in: "query",
            required: false,
            schema: { type: "integer", minimum: 1, maximum: RECOMMENDATION_LIMIT.max, default: RECOMMENDATION_LIMIT.default },
            description: "How many products and how many categories.",
          },
        ],
        responses: {
          "200": { description: "The recommendations.", content: { "application/json": { schema: ref("RecommendationsResponse") } } },
          "401": errors["401"],
          "404": { ...errors["404"], description: "No customer with this external_id in the key's workspace." },
          "422": errors["422"],
        },
      }),
    },
  };
}
