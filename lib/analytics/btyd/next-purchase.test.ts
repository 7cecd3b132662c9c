import { describe, expect, it } from "vitest";
import { bgBbPAlive, bgBbProbabilityOfPurchases, bgBbProbabilityOfPurchaseWithin, type BgBbParams } from "./bg-bb.ts";
import { bgNbd, type BgNbdParams } from "./bg-nbd.ts";
import { mbgNbd } from "./mbg-nbd.ts";
import { medianPurchaseGap } from "./next-purchase.ts";
import { paretoNbd, type ParetoNbdParams } from "./pareto-nbd.ts";
import { Random } from "./random.ts";
import { simulateBgBb, simulateBgNbdFamily, simulateParetoNbd, type SimulatedCustomers } from "./simulate.ts";
import { residualZ } from "./testing/monte-carlo.ts";
import type { ParamMap, TransactionModel } from "./types.ts";

/**
 * The probability of buying within t, checked against the models' own
 * generative processes: customers are simulated from known parameters with a
 * calibration period and a holdout of length t, and within groups of similar
 * histories the number who bought in the holdout must match the sum of the
 * closed-form probabilities computed from each customer's own (x, tx, T).
 */

// Daily time scale, shaped like a clothing retailer: most customers slow, a few frequent.
const BG: BgNbdParams = { r: 0.6, alpha: 90, a: 0.9, b: 4 };
const PARETO: ParetoNbdParams = { r: 0.7, alpha: 80, s: 0.8, beta: 400 };
const CUSTOMERS = 30_000;

function ages(rng: Random): Float64Array {
  return Float64Array.from({ length: CUSTOMERS }, () => 20 + Math.floor(rng.uniform() * 700));
}

const groups: [string, (d: SimulatedCustomers["data"], i: number) => boolean][] = [
  ["one-time buyers", (d, i) => d.x[i] === 0],
  ["x = 1..3", (d, i) => d.x[i]! >= 1 && d.x[i]! <= 3],
  ["x >= 4, lapsed", (d, i) => d.x[i]! >= 4 && d.T[i]! - d.tx[i]! > 120],
  ["x >= 4, recent", (d, i) => d.x[i]! >= 4 && d.T[i]! - d.tx[i]! <= 120],
];

function checkAgainstSimulation<P extends ParamMap>(model: TransactionModel<P>, params: P, simulate: (T: Float64Array, t: number, rng: Random) => SimulatedCustomers) {
  for (const t of [7, 14, 30]) {
    const rng = new Random(1000 + t);
    const sim = simulate(ages(rng), t, rng);
    const { data } = sim;
    const bought = Float64Array.from(sim.holdoutPurchases, (n) => (n > 0 ? 1 : 0));
    const predicted = new Float64Array(CUSTOMERS);
    for (let i = 0; i < CUSTOMERS; i++) {
      const [x, tx, T] = [data.x[i]!, data.tx[i]!, data.T[i]!];
      predicted[i] = model.pAlive(params, x, tx, T) * model.purchaseIfAlive(params, t, x, T);
    }
    for (const [label, include] of groups) {
      const z = residualZ(bought, predicted, (i) => include(data, i));
      expect(Math.abs(z), `${model.name}, ${t} days, ${label}`).toBeLessThan(4);
    }
    // and the number is not trivially small: a wrong factor would be seen
    const buyers = bought.reduce((a, b) => a + b, 0);
    expect(buyers, `${model.name}, ${t} days: buyers in the holdout`).toBeGreaterThan(300);
  }
}

describe("probability of buying within t days, against simulation", () => {
  it("BG/NBD", () => {
    checkAgainstSimulation(bgNbd, BG, (T, t, rng) => simulateBgNbdFamily(BG, T, t, rng));
  });

  it("MBG/NBD", () => {
    checkAgainstSimulation(mbgNbd, BG, (T, t, rng) => simulateBgNbdFamily(BG, T, t, rng, true));
  });

  it("Pareto/NBD", () => {
    checkAgainstSimulation(paretoNbd, PARETO, (T, t, rng) => simulateParetoNbd(PARETO, T, t, rng));
  });

  it("BG/BB, in periods", () => {
    const params: BgBbParams = { alpha: 1.2, beta: 0.75, gamma: 0.65, delta: 2.8 };
    for (const [periods, nStar] of [
      [6, 1],
      [6, 3],
      [10, 5],
    ] as const) {
      const rng = new Random(77 + periods * 10 + nStar);
      const sim = simulateBgBb(params, CUSTOMERS, periods, nStar, rng);
      const bought = Float64Array.from(sim.holdoutPurchases, (n) => (n > 0 ? 1 : 0));
      const predicted = Float64Array.from({ length: CUSTOMERS }, (_, i) =>
        bgBbProbabilityOfPurchaseWithin(params, nStar, sim.data.x[i]!, sim.data.tx[i]!, periods),
      );
      for (const [label, include] of [
        ["x = 0", (i: number) => sim.data.x[i] === 0],
        ["x = 1..3", (i: number) => sim.data.x[i]! >= 1 && sim.data.x[i]! <= 3],
        ["x >= 4, last late", (i: number) => sim.data.x[i]! >= 4 && sim.data.tx[i]! >= periods - 1],
        ["x >= 4, last early", (i: number) => sim.data.x[i]! >= 4 && sim.data.tx[i]! < periods - 1],
      ] as const) {
        expect(Math.abs(residualZ(bought, predicted, include)), `BG/BB n = ${periods}, n* = ${nStar}, ${label}`).toBeLessThan(4);
      }
    }
  });
});

describe("probability of buying within t days, against the published PMFs", () => {
  // A customer just acquired (x = tx = T = 0): 1 - P(X(t) = 0) from each model's own P(X(t) = n).
  it("matches 1 - P(X(t) = 0) for a new customer in BG/NBD, MBG/NBD and Pareto/NBD", () => {
    for (const t of [7, 30, 365]) {
      expect(bgNbd.pAlive(BG, 0, 0, 0) * bgNbd.purchaseIfAlive(BG, t, 0, 0)).toBeCloseTo(1 - bgNbd.probabilityOfPurchases(BG, t, 0), 12);
      expect(mbgNbd.pAlive(BG, 0, 0, 0) * mbgNbd.purchaseIfAlive(BG, t, 0, 0)).toBeCloseTo(1 - mbgNbd.probabilityOfPurchases(BG, t, 0), 12);
      expect(paretoNbd.purchaseIfAlive(PARETO, t, 0, 0)).toBeCloseTo(1 - paretoNbd.probabilityOfPurchases(PARETO, t, 0), 8);
    }
  });

  it("matches 1 - P(X(n) = 0) for a BG/BB customer with no opportunity yet", () => {
    const params: BgBbParams = { alpha: 1.2, beta: 0.75, gamma: 0.65, delta: 2.8 };
    // no history: "alive in period 1" is itself a draw, P = δ/(γ+δ)
    expect(bgBbPAlive(params, 0, 0, 0)).toBeCloseTo(params.delta / (params.gamma + params.delta), 12);
    for (const n of [1, 4, 12]) expect(bgBbProbabilityOfPurchaseWithin(params, n, 0, 0, 0)).toBeCloseTo(1 - bgBbProbabilityOfPurchases(params, n, 0), 12);
  });

  it("is 0 for no time and rises with t toward P(alive) times the chance of ever buying again", () => {
    const [x, tx, T] = [3, 200, 400];
    expect(bgNbd.purchaseIfAlive(BG, 0, x, T)).toBe(0);
    let previous = 0;
    for (const t of [7, 14, 30, 90, 365, 3650, 1e6]) {
      const p = bgNbd.pAlive(BG, x, tx, T) * bgNbd.purchaseIfAlive(BG, t, x, T);
      expect(p).toBeGreaterThan(previous);
      previous = p;
    }
    // BG/NBD: an alive customer surely buys again eventually
    expect(previous).toBeCloseTo(bgNbd.pAlive(BG, x, tx, T), 6);
    // Pareto/NBD: an alive customer may die first; the limit is E[λ/(λ+μ)], below 1
    const limit = paretoNbd.purchaseIfAlive(PARETO, 1e9, x, T);
    expect(limit).toBeLessThan(0.99);
    expect(limit).toBeGreaterThan(paretoNbd.purchaseIfAlive(PARETO, 365, x, T));
  });
});

describe("median gap to the next purchase, against simulation", () => {
  // For a customer who keeps buying, the wait after the x-th repeat purchase (at S_x)
  // must be at most medianPurchaseGap(x, S_x) for exactly half of the customers,
  // whatever x and S_x: checked over simulated Poisson buyers with gamma rates.
  it("splits the simulated next gaps in half for each x, early and late", () => {
    const rng = new Random(4242);
    const n = 40_000;
    for (const x of [0, 1, 3, 8]) {
      let below = 0;
      let belowEarly = 0;
      let early = 0;
      for (let i = 0; i < n; i++) {
        const lambda = rng.gamma(BG.r, BG.alpha);
        let s = 0;
        for (let k = 0; k < x; k++) s += rng.exponential(lambda);
        const gap = rng.exponential(lambda);
        const hit = gap <= medianPurchaseGap(BG, x, s) ? 1 : 0;
        below += hit;
        if (s < 200) {
          early++;
          belowEarly += hit;
        }
      }
      const se = Math.sqrt(0.25 / n);
      expect(Math.abs(below / n - 0.5), `x = ${x}`).toBeLessThan(4 * se);
      if (x > 0) expect(Math.abs(belowEarly / early - 0.5), `x = ${x}, S_x < 200`).toBeLessThan(4 * Math.sqrt(0.25 / early));
    }
  });

  it("shortens with more purchases in the same time and lengthens with a slower history", () => {
    expect(medianPurchaseGap(BG, 5, 300)).toBeLessThan(medianPurchaseGap(BG, 1, 300));
    expect(medianPurchaseGap(BG, 5, 600)).toBeGreaterThan(medianPurchaseGap(BG, 5, 300));
  });
});
