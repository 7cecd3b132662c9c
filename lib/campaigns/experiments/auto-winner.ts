import { armMoments, type ArmSums } from "../../stats/arm-sums.ts";
import type { Interval } from "../../stats/interval.ts";
import { mixingVarianceFor, sequentialDifference } from "../../stats/sequential.ts";
import type { AutoWinnerInput } from "./experiment.schema.ts";

/** One variant's treated customers as the outcomes job keeps them. */
export interface VariantOutcome {
  key: string;
  n: number;
  converters: number;
  sumY: number;
  sumY2: number;
  /** Pre-period revenue at assignment (known before any outcome): it sets τ². */
  sumX: number;
  sumX2: number;
}

export interface WinnerNumbers {
  metric: "revenue" | "conversion";
  /** Confidence of each always-valid interval: 95 % shared out (Bonferroni) over every pair of variants. */
  confidence: number;
  minCustomersPerVariant: number;
  arms: { key: string; n: number; mean: number }[];
  /** The leader minus each other variant, always-valid. */
  comparisons: ({ against: string } & Interval)[];
}

export type WinnerDecision =
  | { kind: "waiting"; reason: string; numbers: WinnerNumbers | null }
  | { kind: "no-winner"; reason: string; numbers: WinnerNumbers }
  | { kind: "winner"; variantKey: string; reason: string; numbers: WinnerNumbers };

export const AUTO_WINNER_CONFIDENCE = 0.95;

function sums(v: VariantOutcome, metric: "revenue" | "conversion"): ArmSums {
  // Conversion: y is 1 for a converter, so Σy = Σy² = converters.
  return metric === "revenue" ? { n: v.n, sumY: v.sumY, sumY2: v.sumY2 } : { n: v.n, sumY: v.converters, sumY2: v.converters };
}

/**
 * τ² fixed before any outcome is seen: the variance planned at the minimum
 * sample, σ² (1/m + 1/m), with σ² the pooled variance of the customers'
 * pre-period revenue (revenue) or 1/4, the largest Bernoulli variance
 * (conversion). Without any pre-period revenue the pooled outcome variance
 * stands in (a mild dependence on the data, as on the results page).
 */
function mixingVariance(variants: readonly VariantOutcome[], metric: "revenue" | "conversion", minimum: number, confidence: number): number {
  const planned = (variance: number) => mixingVarianceFor(variance * (2 / minimum), confidence);
  if (metric === "conversion") return planned(0.25);
  const n = variants.reduce((a, v) => a + v.n, 0);
  const sumX = variants.reduce((a, v) => a + v.sumX, 0);
  const sumX2 = variants.reduce((a, v) => a + v.sumX2, 0);
  let variance = n > 1 ? (sumX2 - (sumX * sumX) / n) / (n - 1) : 0;
  if (!(variance > 0)) {
    const sumY = variants.reduce((a, v) => a + v.sumY, 0);
    const sumY2 = variants.reduce((a, v) => a + v.sumY2, 0);
    variance = n > 1 ? (sumY2 - (sumY * sumY) / n) / (n - 1) : 0;
  }
  return planned(variance > 0 ? variance : 1);
}

/**
 * Whether an A/B/n campaign has a winner: only once every variant has the
 * minimum sample, and only a variant whose always-valid interval against
 * every other variant lies above zero. The intervals are sequential (valid
 * however many times the outcomes job looks) and each is at 95 % shared out
 * over all k(k−1)/2 pairs, because the leader is picked from the data: with
 * no real difference, the chance of ever naming a winner stays below 5 %.
 */
export function decideWinner(variants: readonly VariantOutcome[], settings: AutoWinnerInput): WinnerDecision {
  const { metric, minCustomersPerVariant: minimum } = settings;
  if (variants.length < 2) return { kind: "waiting", reason: "An automatic winner needs at least two variants.", numbers: null };
  const pairs = (variants.length * (variants.length - 1)) / 2;
  const confidence = 1 - (1 - AUTO_WINNER_CONFIDENCE) / pairs;
  const arms = variants.map((v) => ({ key: v.key, n: v.n, mean: v.n > 0 ? sums(v, metric).sumY / v.n : 0 }));
  const short = variants.filter((v) => v.n < minimum);
  if (short.length > 0) {
    return {
      kind: "waiting",
      reason: `Waiting for ${minimum} customers in every variant (${short.map((v) => `${v.key}: ${v.n}`).join(", ")}).`,
      numbers: { metric, confidence, minCustomersPerVariant: minimum, arms, comparisons: [] },
    };
  }
  const tau2 = mixingVariance(variants, metric, minimum, confidence);
  const leader = variants.reduce((best, v) => (arms.find((a) => a.key === v.key)!.mean > arms.find((a) => a.key === best.key)!.mean ? v : best));
  const comparisons = variants
    .filter((v) => v.key !== leader.key)
    .map((v) => ({ against: v.key, ...sequentialDifference(armMoments(sums(v, metric)), armMoments(sums(leader, metric)), { confidence, mixingVariance: tau2 }) }));
  const numbers: WinnerNumbers = { metric, confidence, minCustomersPerVariant: minimum, arms, comparisons };
  const beaten = comparisons.filter((c) => c.low > 0).map((c) => c.against);
  if (beaten.length === comparisons.length) {
    return { kind: "winner", variantKey: leader.key, reason: `${leader.key} is better than ${beaten.join(", ")} on ${metric === "revenue" ? "revenue per customer" : "conversion rate"}.`, numbers };
  }
  return { kind: "no-winner", reason: `${leader.key} leads but is not yet significantly better than ${comparisons.filter((c) => c.low <= 0).map((c) => c.against).join(", ")}.`, numbers };
}
