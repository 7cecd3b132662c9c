/** Why a product or category is recommended, as data and in words. */
export interface RecommendationReason {
  kind: "bought_with" | "buy_again" | "popular";
  /** The product (by name) or category the reason cites; null for popularity. */
  because: string | null;
  /** The share the reason cites (0..1): how often the two are bought together, or how many buyers buy it again. */
  share: number | null;
  text: string;
}

function percent(share: number | null): string {
  const value = Math.round((share ?? 0) * 100);
  return value < 1 ? "under 1%" : `${value}%`;
}

/** "Bought with Trail Jacket in 23% of its orders", "Bought again by 41% of its buyers", "Popular with recent buyers". */
export function reasonText(reason: Omit<RecommendationReason, "text">): string {
  switch (reason.kind) {
    case "bought_with":
      return `Bought with ${reason.because ?? "what they bought"} in ${percent(reason.share)} of its orders`;
    case "buy_again":
      return `Bought again by ${percent(reason.share)} of its buyers`;
    case "popular":
      return "Popular with recent buyers";
  }
}
