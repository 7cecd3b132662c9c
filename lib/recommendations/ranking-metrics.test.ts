import { describe, expect, it } from "vitest";
import { hitAtK, ndcgAtK, scoreRankings } from "./ranking-metrics.ts";

// Expected values worked by hand: log2(2) = 1, log2(3) = 1.58496, log2(4) = 2, log2(5) = 2.32193, log2(6) = 2.58496.
describe("ranking metrics", () => {
  it("hit@k is 1 only when a relevant item is within the first k", () => {
    expect(hitAtK(["a", "b", "c"], new Set(["c"]), 3)).toBe(1);
    expect(hitAtK(["a", "b", "c"], new Set(["c"]), 2)).toBe(0);
    expect(hitAtK([], new Set(["c"]), 5)).toBe(0);
  });

  it("NDCG@5 of one relevant item at rank 3 is 1 / log2(4) = 0.5", () => {
    expect(ndcgAtK(["a", "b", "x", "c", "d"], new Set(["x"]), 5)).toBeCloseTo(0.5, 12);
  });

  it("NDCG@5 with two relevant items at ranks 2 and 5: (1/1.58496 + 1/2.58496) / (1 + 1/1.58496) = 0.62592", () => {
    // DCG = 0.63093 + 0.38685 = 1.01778; IDCG = 1 + 0.63093 = 1.63093.
    expect(ndcgAtK(["a", "x", "b", "c", "y"], new Set(["x", "y"]), 5)).toBeCloseTo(1.0177825608 / 1.6309297536, 9);
  });

  it("NDCG is 1 for an ideal list, 0 without a hit, and ignores items past k and repeats", () => {
    expect(ndcgAtK(["x", "y", "a"], new Set(["x", "y"]), 5)).toBeCloseTo(1, 12);
    expect(ndcgAtK(["a", "b", "c", "d", "e", "x"], new Set(["x"]), 5)).toBe(0);
    expect(ndcgAtK(["x", "x"], new Set(["x", "y"]), 5)).toBeCloseTo(1 / 1.6309297536, 9);
    expect(ndcgAtK(["a"], new Set(), 5)).toBe(0);
  });

  it("averages over customers", () => {
    const score = scoreRankings(
      [
        { recommended: ["x", "a"], relevant: new Set(["x"]) },
        { recommended: ["a", "x"], relevant: new Set(["x"]) },
        { recommended: ["a", "b"], relevant: new Set(["x"]) },
        { recommended: ["a", "b"], relevant: new Set(["b", "c"]) },
      ],
      5,
    );
    // hits 1+1+0+1 = 3/4; NDCG 1 + 0.63093 + 0 + 0.63093/1.63093 = 2.01779 → /4 = 0.50445.
    expect(score).toMatchObject({ customers: 4, hitRate: 0.75 });
    expect(score.ndcg).toBeCloseTo((1 + 1 / Math.log2(3) + 1 / Math.log2(3) / (1 + 1 / Math.log2(3))) / 4, 12);
    expect(score.ndcg).toBeCloseTo(0.50445, 4);
  });
});
