import { z } from "zod";

/**
 * Recommendation settings of a workspace (workspace.settings.recommendations).
 * The defaults suit a retailer with a few thousand products and a year or
 * more of orders (docs/recommendations.md says why each is what it is).
 */
export const recommendationSettingsSchema = z.object({
  /** Age in days at which a basket counts half as much as one placed today. */
  halfLifeDays: z.number().min(7, "Use a half-life of at least 7 days.").max(3650, "Use a half-life of at most 3650 days.").default(180),
  /** A pair (of products or of categories) is kept only if at least this many baskets hold both. */
  minSupport: z.number().int().min(1).max(1000).default(3),
  /** Neighbours kept per product and per category. */
  topN: z.number().int().min(1).max(100).default(20),
  /** A product the customer already bought is offered again only if at least this share of its buyers bought it again. */
  repeatPurchaseRate: z.number().min(0).max(1).default(0.25),
});

export type RecommendationSettings = z.infer<typeof recommendationSettingsSchema>;

export const DEFAULT_RECOMMENDATION_SETTINGS: RecommendationSettings = recommendationSettingsSchema.parse({});

/** The settings kept under workspace.settings; missing or broken values fall back to the defaults, each on its own. */
export function readRecommendationSettings(workspaceSettings: unknown): RecommendationSettings {
  const raw = (workspaceSettings as { recommendations?: unknown } | null)?.recommendations;
  const parsed = recommendationSettingsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const out: Record<string, unknown> = { ...DEFAULT_RECOMMENDATION_SETTINGS };
  for (const key of Object.keys(DEFAULT_RECOMMENDATION_SETTINGS) as (keyof RecommendationSettings)[]) {
    const one = recommendationSettingsSchema.shape[key].safeParse((raw as Record<string, unknown>)[key]);
    if (one.success) out[key] = one.data;
  }
  return out as RecommendationSettings;
}
