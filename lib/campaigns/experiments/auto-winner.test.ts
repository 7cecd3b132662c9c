import { describe, expect, it } from "vitest";
import { Random } from "../../analytics/btyd/random.ts";
import { decideWinner, type VariantOutcome } from "./auto-winner.ts";

/** A variant's running sums as customers arrive: buys with probability p, spending 20 + Exp(mean 40) (+ lift). */
function arm(key: string): VariantOutcome {
  return { key, n: 0, converters: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0 };
}
function add(v: VariantOutcome, rng: Random, p: number, lift: number): void {
  const x = rng.uniform() < p ? 20 + rng.exponential(1 / 40) : 0;
  const y = rng.uniform() < p ? 20 + rng.exponential(1 / 40) + lift : 0;
  v.n++;
  v.sumX += x;
  v.sumX2 += x * x;
  if (y > 0) v.converters++;
  v.sumY += y;
  v.sumY2 += y * y;
}

describe("automatic winner", () => {
  it("names no winner before every variant has the minimum sample, whatever the data", () => {
    const rng = new Random(7);
    const a = arm("A");
    const b = arm("B");
    for (let i = 0; i < 400; i++) add(a, rng, 0.9, 500);
    for (let i = 0; i < 99; i++) add(b, rng, 0.1, 0);
    const d = decideWinner([a, b], { minCustomersPerVariant: 100, metric: "revenue" });
    expect(d.kind).toBe("waiting");
    add(b, rng, 0.1, 0);
    expect(decideWinner([a, b], { minCustomersPerVariant: 100, metric: "revenue" }).kind).toBe("winner");
  });

  it("picks a variant that is better than every other, and none while two are tied at the top", () => {
    const rng = new Random(11);
    const [a, b, c] = [arm("A"), arm("B"), arm("C")];
    for (let i = 0; i < 4000; i++) {
      add(a, rng, 0.3, 0);
      add(b, rng, 0.3, 40);
      add(c, rng, 0.3, 40);
    }
    expect(decideWinner([a, b, c], { minCustomersPerVariant: 500, metric: "revenue" }).kind).toBe("no-winner");
    const [d, e] = [arm("D"), arm("E")];
    for (let i = 0; i < 4000; i++) {
      add(d, rng, 0.3, 0);
      add(e, rng, 0.3, 40);
    }
    const decided = decideWinner([d, e], { minCustomersPerVariant: 500, metric: "revenue" });
    expect(decided).toMatchObject({ kind: "winner", variantKey: "E" });
  });

  it("with no difference between three variants, looking after every 100 customers up to 5,000 each names a winner in under 5% of 300 campaigns", () => {
    const rng = new Random(20261208);
    let falseWinners = 0;
    const campaigns = 300;
    for (let s = 0; s < campaigns; s++) {
      const variants = [arm("A"), arm("B"), arm("C")];
      for (let look = 1; look <= 50; look++) {
        for (let i = 0; i < 100; i++) for (const v of variants) add(v, rng, 0.3, 0);
        if (decideWinner(variants, { minCustomersPerVariant: 200, metric: look % 2 ? "revenue" : "conversion" }).kind === "winner") {
          falseWinners++;
          break;
        }
      }
    }
    // Sequential intervals, shared out over the pairs, keep repeated looks from inflating false winners (docs/stats.md).
    expect(falseWinners / campaigns).toBeLessThan(0.05);
  });
});
