/**
 * Ranking metrics with binary relevance, for the offline evaluation: the
 * recommended list is compared with what the customer went on to buy.
 */

/** 1 if any of the first k recommended items is relevant, else 0. */
export function hitAtK(recommended: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  return recommended.slice(0, k).some((item) => relevant.has(item)) ? 1 : 0;
}

/**
 * NDCG@k: Σ over relevant items at rank i ≤ k of 1 / log2(i + 1), divided by
 * the same sum for an ideal list (all relevant items first). 0 when nothing
 * is relevant. An item recommended twice counts once, at its first rank.
 */
export function ndcgAtK(recommended: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  const seen = new Set<string>();
  let dcg = 0;
  recommended.slice(0, k).forEach((item, index) => {
    if (relevant.has(item) && !seen.has(item)) dcg += 1 / Math.log2(index + 2);
    seen.add(item);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

export interface RankingScore {
  customers: number;
  hitRate: number;
  ndcg: number;
}

/** Mean hit@k and NDCG@k over customers (each: the list, and what they bought next). */
export function scoreRankings(cases: readonly { recommended: readonly string[]; relevant: ReadonlySet<string> }[], k: number): RankingScore {
  if (cases.length === 0) return { customers: 0, hitRate: 0, ndcg: 0 };
  let hits = 0;
  let ndcg = 0;
  for (const c of cases) {
    hits += hitAtK(c.recommended, c.relevant, k);
    ndcg += ndcgAtK(c.recommended, c.relevant, k);
  }
  return { customers: cases.length, hitRate: hits / cases.length, ndcg: ndcg / cases.length };
}
