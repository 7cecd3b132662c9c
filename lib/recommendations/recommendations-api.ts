import { z } from "zod";
import { AppError } from "../errors.ts";
import { RECOMMENDATION_LIMIT, type CustomerRecommendationsView } from "./customer-recommendations.ts";

const reasonSchema = z.object({
  kind: z.enum(["bought_with", "buy_again", "popular"]).meta({
    description: "bought_with: bought with something the customer bought; buy_again: a repeat purchase of their own; popular: popularity back-fill.",
  }),
  because: z.string().nullable().meta({ description: "The product name (or category) the reason cites; null for popular." }),
  share: z.number().nullable().meta({ description: "0..1: how often the two are bought together (time-decayed), or the share of buyers who buy it again." }),
  text: z.string().meta({ description: "The reason in words, e.g. “Bought with Trail Jacket in 23% of its orders”." }),
});

/** What GET /api/v1/customers/{externalId}/recommendations answers in `data`. */
export const recommendationsApiResponseSchema = z.object({
  builtAt: z.string().nullable().meta({ description: "When the model was last built; null before the first build (both lists are then empty)." }),
  products: z.array(
    z.object({
      rank: z.number().int(),
      productId: z.string().meta({ description: "The product's external_id (SKU)." }),
      name: z.string(),
      category: z.string().nullable(),
      price: z.string().nullable(),
      score: z.number().meta({ description: "Association score (0 for the popularity back-fill); comparable within one customer only." }),
      reason: reasonSchema,
    }),
  ),
  categories: z.array(z.object({ rank: z.number().int(), category: z.string(), score: z.number(), reason: reasonSchema })),
});

export function recommendationsApiResponse(view: CustomerRecommendationsView): z.infer<typeof recommendationsApiResponseSchema> {
  return view;
}

/** `limit` (1..50, default 10); any other or repeated parameter is a 422 naming it. */
export function parseRecommendationsQuery(params: URLSearchParams): { limit: number } {
  let limit: number = RECOMMENDATION_LIMIT.default;
  const seen = new Set<string>();
  for (const [key, value] of params) {
    const fail = (message: string) => {
      throw new AppError("VALIDATION", message, [{ path: key, message }]);
    };
    if (seen.has(key)) fail(`${key} is given more than once`);
    seen.add(key);
    if (key !== "limit") fail(`${key} is not a parameter of this endpoint (only limit)`);
    if (!/^[1-9][0-9]{0,2}$/.test(value) || Number(value) > RECOMMENDATION_LIMIT.max) fail(`limit must be a whole number from 1 to ${RECOMMENDATION_LIMIT.max}`);
    limit = Number(value);
  }
  return { limit };
}
