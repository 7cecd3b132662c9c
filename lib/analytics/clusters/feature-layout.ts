/**
 * The columns a clusters run clusters on, in order: five behaviour features,
 * then one share per kept top-level category and "Other", then one per kept
 * channel and "Other". Labels are stored with the run so kept rows can be read
 * back whatever the next run keeps.
 */
export type FeatureKind = "aov" | "discount" | "price" | "novelty" | "regularity" | "category" | "channel";

export interface FeatureColumn {
  kind: FeatureKind;
  /** What the page shows. */
  label: string;
  /** The category or channel a share is of; null for the five behaviour features. */
  of: string | null;
  unit: "currency" | "share" | "ratio" | "cv";
}

export const OTHER = "Other";

export function featureColumns(categories: readonly string[], channels: readonly string[]): FeatureColumn[] {
  return [
    { kind: "aov", label: "Average order value", of: null, unit: "currency" },
    { kind: "discount", label: "Discount share of spend", of: null, unit: "share" },
    { kind: "price", label: "Price level vs category median", of: null, unit: "ratio" },
    { kind: "novelty", label: "New-product share of spend", of: null, unit: "share" },
    { kind: "regularity", label: "Irregularity of purchases (CV of gaps)", of: null, unit: "cv" },
    ...[...categories, OTHER].map((c): FeatureColumn => ({ kind: "category", label: `Spend in ${c}`, of: c, unit: "share" })),
    ...[...channels, OTHER].map((c): FeatureColumn => ({ kind: "channel", label: `Orders via ${c}`, of: c, unit: "share" })),
  ];
}

/**
 * What a customer with too little history to measure a feature counts as,
 * so they are clustered rather than dropped: the category median price
 * (level 1) with no priced lines, and the irregularity of a memoryless
 * (Poisson) buyer, whose gaps have a coefficient of variation of 1, with
 * fewer than three purchase days.
 */
export const NEUTRAL_PRICE_LEVEL = 1;
export const NEUTRAL_REGULARITY = 1;
