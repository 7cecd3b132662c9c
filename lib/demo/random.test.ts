import { describe, expect, it } from "vitest";
import { Rng, seedWords } from "./random.ts";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe("Rng", () => {
  it("repeats the same stream for the same words and differs for neighbouring ones", () => {
    const a = new Rng(1, 2, 3);
    const b = new Rng(1, 2, 3);
    const c = new Rng(1, 2, 4);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it("keeps uniforms strictly inside (0, 1)", () => {
    const rng = new Rng(9);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.uniform();
      if (!(u > 0 && u < 1)) outside++;
    }
    expect(outside).toBe(0);
  });

  // Gamma(k, θ) has mean k/θ and variance k/θ²; shapes below and above 1 take different code paths.
  it.each([
    [0.5, 11],
    [0.6, 120],
    [4, 40],
    [6, 0.1],
  ])("draws Gamma(shape %d, rate %d) with the right mean and variance", (shape, rate) => {
    const rng = new Rng(42, shape * 1000);
    const n = 200_000;
    const { mean, variance } = moments(() => rng.gamma(shape, rate), n);
    expect(mean).toBeCloseTo(shape / rate, 0);
    expect(Math.abs(mean / (shape / rate) - 1)).toBeLessThan(0.02);
    expect(Math.abs(variance / (shape / rate ** 2) - 1)).toBeLessThan(0.06);
  });

  it.each([0.6, 4, 45])("draws Poisson(%d) with mean = variance", (m) => {
    const rng = new Rng(7, m * 10);
    const { mean, variance } = moments(() => rng.poisson(m), 100_000);
    expect(Math.abs(mean / m - 1)).toBeLessThan(0.02);
    expect(Math.abs(variance / m - 1)).toBeLessThan(0.05);
  });

  it("splits seeds beyond 32 bits and rejects unsafe ones", () => {
    expect(seedWords(2 ** 40 + 5)).toEqual([5, 256]);
    expect(() => seedWords(-1)).toThrow();
    expect(() => seedWords(1.5)).toThrow();
  });
});
