import { describe, expect, it } from "vitest";
import { bgBb, bgBbConditionalExpectedPurchases, bgBbDert, type BgBbParams } from "./bg-bb.ts";
import { loadDonations } from "./fixtures/load-fixtures.ts";
import { Random } from "./random.ts";
import { simulateBgBb } from "./simulate.ts";
import { residualZ } from "./testing/monte-carlo.ts";

const PUBLISHED: BgBbParams = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };

describe("BG/BB on the 1995 donor cohort (Fader, Hardie & Shang 2010)", () => {
  it("recovers alpha 1.204, beta 0.750, gamma 0.657, delta 2.783 and LL = -33225.6", () => {
    const fit = bgBb.fit(loadDonations());
    expect(fit.customers).toBe(11104);
    expect(fit.params.alpha).toBeCloseTo(1.204, 2);
    expect(fit.params.beta).toBeCloseTo(0.75, 2);
    expect(fit.params.gamma).toBeCloseTo(0.657, 2);
    expect(fit.params.delta).toBeCloseTo(2.783, 1);
    expect(fit.logLikelihood).toBeCloseTo(-33225.6, 1);
  });

  it("pmf sums to one with mean E[X(n)]; the gamma = 1 limit is continuous", () => {
    let total = 0;
    let first = 0;
    for (let k = 0; k <= 6; k++) {
      const prob = bgBb.probabilityOfPurchases(PUBLISHED, 6, k);
      total += prob;
      first += k * prob;
    }
    expect(total).toBeCloseTo(1, 12);
    expect(first).toBeCloseTo(bgBb.expectedPurchasesNewCustomer(PUBLISHED, 6), 10);
    const at1 = bgBb.expectedPurchasesNewCustomer({ ...PUBLISHED, gamma: 1 }, 10);
    expect(at1).toBeCloseTo(bgBb.expectedPurchasesNewCustomer({ ...PUBLISHED, gamma: 1 + 1e-6 }, 10), 5);
  });

  it("DERT (closed form with 2F1) equals the discounted sum of period-by-period expectations", () => {
    for (const [x, tx, n] of [
      [6, 6, 6],
      [0, 0, 6],
      [3, 4, 6],
    ] as const) {
      const d = 0.1;
      let sum = 0;
      for (let k = 1; k < 3000; k++) {
        const inPeriod =
          bgBbConditionalExpectedPurchases(PUBLISHED, k, x, tx, n) - bgBbConditionalExpectedPurchases(PUBLISHED, k - 1, x, tx, n);
        sum += inPeriod / Math.pow(1 + d, k);
      }
      expect(bgBbDert(PUBLISHED, d, x, tx, n) / sum).toBeCloseTo(1, 8);
    }
  });

  it("predicts alive status and next-period transactions of simulated customers", () => {
    const truth: BgBbParams = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 };
    const rng = new Random(5);
    const sim = simulateBgBb(truth, 20_000, 6, 5, rng);
    const fit = bgBb.fit(sim.data);
    for (const name of fit.paramNames) {
      expect(Math.abs((fit.params[name]! - truth[name]!) / fit.standardErrors[name]!), name).toBeLessThan(3.5);
    }
    const n = sim.data.x.length;
    const alive = new Float64Array(n);
    const expected = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      alive[i] = bgBb.pAlive(truth, sim.data.x[i]!, sim.data.tx[i]!, 6);
      expected[i] = bgBb.conditionalExpectedPurchases(truth, 5, sim.data.x[i]!, sim.data.tx[i]!, 6);
    }
    for (const group of [(i: number) => sim.data.x[i] === 0, (i: number) => sim.data.x[i]! >= 3 && sim.data.tx[i]! < 5, (i: number) => sim.data.tx[i] === 6]) {
      expect(Math.abs(residualZ(sim.aliveAfter, alive, group))).toBeLessThan(4);
      expect(Math.abs(residualZ(sim.holdoutPurchases, expected, group))).toBeLessThan(4);
    }
  });
});
