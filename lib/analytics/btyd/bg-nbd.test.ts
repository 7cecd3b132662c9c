import { describe, expect, it } from "vitest";
import {
  bgNbd,
  bgNbdAliveExpectation,
  bgNbdExpectedPurchasesNewCustomer,
  bgNbdProbabilityOfPurchases,
  type BgNbdParams,
} from "./bg-nbd.ts";
import { loadCdnow } from "./fixtures/load-fixtures.ts";
import { Random } from "./random.ts";
import { simulateBgNbdFamily } from "./simulate.ts";
import { mean, residualZ } from "./testing/monte-carlo.ts";

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe("BG/NBD on CDNOW (Fader, Hardie & Lee 2005)", () => {
  const fit = bgNbd.fit(loadCdnow());

  it("recovers the published estimates and log-likelihood", () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 2);
    expect(fit.params.a).toBeCloseTo(0.793, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 2);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    for (const name of fit.paramNames) expect(fit.standardErrors[name]).toBeGreaterThan(0);
  });

  it("matches Hardie's spreadsheet: E[X(t)] and the conditional expectation of customer 1", () => {
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(bgNbd.expectedPurchasesNewCustomer(fit.params, t)).toBeCloseTo(expected[i]!, 3));
    expect(bgNbd.conditionalExpectedPurchases(fit.params, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it("scores a heavy buyer where the naive 2F1 series fails (x = 1000 over a year, 10-year horizon)", () => {
    // mpmath, 50 digits: the CDNOW weekly estimates used as they are...
    expect(bgNbd.conditionalExpectedPurchases(CDNOW, 3650, 1000, 365, 366)).toBeCloseTo(3050.8783155910184, 6);
    // ...and with alpha rescaled from weeks to days
    const days = { ...CDNOW, alpha: CDNOW.alpha * 7 };
    expect(bgNbd.conditionalExpectedPurchases(days, 3650, 1000, 365, 366)).toBeCloseTo(2955.8973518628025, 6);
  });
});

describe("BG/NBD identities and edge cases", () => {
  it("P(X(t) = n) sums to one and its mean is E[X(t)]", () => {
    for (const [p, t] of [
      [CDNOW, 39],
      [{ r: 2.5, alpha: 3, a: 0.4, b: 5 }, 100],
    ] as const) {
      let total = 0;
      let first = 0;
      for (let n = 0; n < 3000; n++) {
        const prob = bgNbdProbabilityOfPurchases(p, t, n);
        total += prob;
        first += n * prob;
      }
      expect(total).toBeCloseTo(1, 10);
      expect(first / bgNbdExpectedPurchasesNewCustomer(p, t)).toBeCloseTo(1, 8);
    }
  });

  it("tends to the NBD when dropout vanishes (b large)", () => {
    const nbd = (0.8 * 52) / 6;
    const gap = (b: number) => 1 - bgNbdExpectedPurchasesNewCustomer({ r: 0.8, alpha: 6, a: 1.5, b }, 52) / nbd;
    // the shortfall from dropout shrinks like 1/b
    expect(gap(1e5)).toBeGreaterThan(0);
    expect(gap(1e5)).toBeLessThan(2e-4);
    expect((gap(1e5) * 1e5) / (gap(1e4) * 1e4)).toBeCloseTo(1, 1);
    const p = { r: 0.8, alpha: 6, a: 1.5, b: 1e5 };
    expect(bgNbdAliveExpectation(p, 20, 5, 30) / (((0.8 + 5) / (6 + 30)) * 20)).toBeCloseTo(1, 4);
    expect(bgNbd.pAlive({ ...p, b: 1e12 }, 5, 10, 30)).toBeCloseTo(1, 8);
  });

  it("stays finite and right at the awkward corners (references from mpmath)", () => {
    // a + b < 1 with x = 0: c = a + b - 1 < 0 and the 2F1 is negative
    expect(bgNbdAliveExpectation({ r: 0.5, alpha: 3, a: 0.3, b: 0.4 }, 20, 0, 10)).toBeCloseTo(0.5672680961440123, 10);
    expect(bgNbdExpectedPurchasesNewCustomer({ r: 0.25, alpha: 2, a: 0.35, b: 0.45 }, 52)).toBeCloseTo(2.249425109613093, 10);
    // removable singularities: a = 1, and a + b = 1 with x = 0
    expect(bgNbdAliveExpectation({ r: 0.7, alpha: 5, a: 1, b: 2.5 }, 30, 3, 20)).toBeCloseTo(3.21131053989082, 9);
    expect(bgNbdAliveExpectation({ r: 0.7, alpha: 5, a: 0.3, b: 0.7 }, 30, 0, 20)).toBeCloseTo(0.6827111696532771, 9);
    // tiny and huge parameters, and a horizon 3000 times alpha + T
    expect(bgNbdAliveExpectation({ r: 1e-3, alpha: 1e-2, a: 1e-2, b: 1e-2 }, 100, 5, 50)).toBeCloseTo(9.926726772816756, 9);
    expect(bgNbdAliveExpectation({ r: 50, alpha: 2000, a: 80, b: 300 }, 100, 5, 50)).toBeCloseTo(2.0498446777439599, 10);
    expect(bgNbdExpectedPurchasesNewCustomer(CDNOW, 0)).toBe(0);
    expect(bgNbdAliveExpectation(CDNOW, 1e5, 0, 30)).toBeCloseTo(16.30222314492853, 8);
    // tx = T (bought on the last day) and x = 0
    expect(bgNbd.pAlive(CDNOW, 3, 38, 38)).toBeCloseTo(1 / (1 + 0.793 / (2.426 + 2)), 12);
    expect(bgNbd.pAlive(CDNOW, 0, 0, 38)).toBe(1);
    for (const x of [0, 1, 50, 1000, 20000]) {
      const v = bgNbd.conditionalExpectedPurchases(CDNOW, 52, x, 30, 39);
      expect(Number.isFinite(v) && v >= 0).toBe(true);
    }
  });

  it("scores in bulk exactly as one customer at a time", () => {
    const data = loadCdnow();
    const scores = bgNbd.score!(CDNOW, data, 52);
    for (const i of [0, 5, 16, 156, 2356]) {
      expect(scores.pAlive[i]).toBeCloseTo(bgNbd.pAlive(CDNOW, data.x[i]!, data.tx[i]!, data.T[i]!), 14);
      expect(scores.expectedPurchases[i]).toBeCloseTo(
        bgNbd.conditionalExpectedPurchases(CDNOW, 52, data.x[i]!, data.tx[i]!, data.T[i]!),
        12,
      );
    }
  });
});

describe("BG/NBD against its own generative process", () => {
  const truth: BgNbdParams = { r: 0.6, alpha: 8, a: 0.9, b: 3.5 };
  const rng = new Random(42);
  const T = Float64Array.from({ length: 30_000 }, () => 20 + 32 * rng.uniform());
  const sim = simulateBgNbdFamily(truth, T, 26, rng);

  it("recovers the parameters within 3.5 standard errors", () => {
    const fit = bgNbd.fit(sim.data);
    for (const name of fit.paramNames) {
      const z = (fit.params[name]! - truth[name]!) / fit.standardErrors[name]!;
      expect(Math.abs(z), `${name}: ${fit.params[name]} vs ${truth[name]}`).toBeLessThan(3.5);
    }
  });

  it("predicts who is alive and how much they buy next, group by group", () => {
    const { data, aliveAtT, holdoutPurchases } = sim;
    const scores = bgNbd.score!(truth, data, 26);
    const groups: [string, (i: number) => boolean][] = [
      ["x = 0", (i) => data.x[i] === 0],
      ["x = 1", (i) => data.x[i] === 1],
      ["x in 2..4, recent", (i) => data.x[i]! >= 2 && data.x[i]! <= 4 && data.T[i]! - data.tx[i]! < 8],
      ["x in 2..4, lapsed", (i) => data.x[i]! >= 2 && data.x[i]! <= 4 && data.T[i]! - data.tx[i]! >= 8],
      ["x >= 5", (i) => data.x[i]! >= 5],
    ];
    for (const [label, group] of groups) {
      expect(Math.abs(residualZ(aliveAtT, scores.pAlive, group)), `alive ${label}`).toBeLessThan(4);
      expect(Math.abs(residualZ(holdoutPurchases, scores.expectedPurchases, group)), `holdout ${label}`).toBeLessThan(4);
    }
    // and the lapsed group really is less alive than the recent one
    expect(mean(scores.pAlive, groups[3]![1])).toBeLessThan(mean(scores.pAlive, groups[2]![1]));
  });
});
