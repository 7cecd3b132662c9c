import { describe, expect, it } from "vitest";
import { loadCdnow } from "./fixtures/load-fixtures.ts";
import { integrate } from "./math/quadrature.ts";
import {
  paretoNbd,
  paretoNbdExpectedPurchasesNewCustomer,
  paretoNbdLogLikelihoodPrepared,
  paretoNbdProbabilityOfPurchases,
  type ParetoNbdParams,
} from "./pareto-nbd.ts";
import { prepareData } from "./prepare-data.ts";
import { Random } from "./random.ts";
import { simulateParetoNbd } from "./simulate.ts";
import { residualZ } from "./testing/monte-carlo.ts";

describe("Pareto/NBD on CDNOW", () => {
  it("recovers the published estimates (Fader, Hardie & Lee 2005) and LL ≈ -9595.0", () => {
    const fit = paretoNbd.fit(loadCdnow());
    expect(fit.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.553, 3);
    expect(fit.params.alpha).toBeCloseTo(10.578, 2);
    expect(fit.params.s).toBeCloseTo(0.606, 3);
    expect(fit.params.beta).toBeCloseTo(11.669, 2);
    expect(fit.logLikelihood).toBeCloseTo(-9595.0, 1);
  });
});

describe("Pareto/NBD likelihood", () => {
  // independent oracle: integrate the individual-level likelihood over mu's gamma in closed λ form:
  // L = E_λ,μ[λ^x e^-(λ+μ)T] + E[λ^x μ ∫_tx^T e^-(λ+μ)u du]  =  Cλ [(α+T)^-(r+x)(β+T)^-s + s β^s ∫ (α+u)^-(r+x)(β+u)^-(s+1) du]
  const byIntegral = (p: ParetoNbdParams, x: number, tx: number, T: number) => {
    const { r, alpha, s, beta } = p;
    const logC = lgammaRatio(r, x) + r * Math.log(alpha) + s * Math.log(beta);
    const alive = Math.pow(alpha + T, -(r + x)) * Math.pow(beta + T, -s);
    const gone = s * integrate((u) => Math.pow(alpha + u, -(r + x)) * Math.pow(beta + u, -(s + 1)), tx, T, 9);
    return logC + Math.log(alive + gone);
  };
  const lgammaRatio = (r: number, x: number) => {
    let v = 0;
    for (let j = 0; j < x; j++) v += Math.log(r + j);
    return v;
  };

  it("equals the integral form on both sides of alpha = beta and at alpha = beta", () => {
    for (const p of [
      { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 },
      { r: 0.55, alpha: 14, s: 0.61, beta: 3 },
      { r: 2, alpha: 2, s: 0.3, beta: 40 },
      { r: 0.8, alpha: 7, s: 1.3, beta: 7 },
    ]) {
      for (const [x, tx, T] of [
        [0, 0, 30],
        [1, 5, 30],
        [7, 29.9, 30],
        [3, 30, 30],
        [40, 20, 52],
      ] as const) {
        const ours = paretoNbd.logLikelihood(p, { x: Float64Array.of(x), tx: Float64Array.of(tx), T: Float64Array.of(T), weight: Float64Array.of(1) });
        expect(ours).toBeCloseTo(byIntegral(p, x, tx, T), 8);
      }
    }
  });

  it("is continuous through alpha = beta (the two branches meet)", () => {
    const data = prepareData(loadCdnow());
    const at = (alpha: number) => paretoNbdLogLikelihoodPrepared({ r: 0.55, alpha, s: 0.6, beta: 11 }, data, null);
    expect(at(11 - 1e-9)).toBeCloseTo(at(11), 6);
    expect(at(11 + 1e-9)).toBeCloseTo(at(11), 6);
  });

  it("has an analytic gradient that matches central differences", () => {
    const data = prepareData(loadCdnow());
    for (const p of [
      { r: 0.4, alpha: 8, s: 0.9, beta: 15 },
      { r: 0.7, alpha: 15, s: 0.5, beta: 6 },
    ]) {
      const grad = new Float64Array(4);
      paretoNbdLogLikelihoodPrepared(p, data, grad);
      (["r", "alpha", "s", "beta"] as const).forEach((k, i) => {
        const h = 1e-5 * p[k];
        const up = paretoNbdLogLikelihoodPrepared({ ...p, [k]: p[k] + h }, data, null);
        const down = paretoNbdLogLikelihoodPrepared({ ...p, [k]: p[k] - h }, data, null);
        expect(grad[i]! / ((up - down) / (2 * h))).toBeCloseTo(1, 5);
      });
    }
  });

  it("P(X(t) = n) sums to one with mean E[X(t)], and s = 1 is the limit of s -> 1", () => {
    const p = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
    let total = 0;
    let first = 0;
    for (let n = 0; n < 200; n++) {
      const prob = paretoNbdProbabilityOfPurchases(p, 39, n);
      total += prob;
      first += n * prob;
    }
    expect(total).toBeCloseTo(1, 7);
    expect(first / paretoNbdExpectedPurchasesNewCustomer(p, 39)).toBeCloseTo(1, 6);
    const near = paretoNbdExpectedPurchasesNewCustomer({ ...p, s: 1 + 1e-7 }, 52);
    expect(paretoNbdExpectedPurchasesNewCustomer({ ...p, s: 1 }, 52)).toBeCloseTo(near, 6);
  });

  it("handles a heavy buyer and tiny or huge parameters without NaN", () => {
    const p = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
    for (const [x, tx, T] of [
      [1000, 365, 366],
      [5000, 10, 366],
      [0, 0, 1e-6],
    ] as const) {
      const alive = paretoNbd.pAlive(p, x, tx, T);
      expect(alive).toBeGreaterThanOrEqual(0);
      expect(alive).toBeLessThanOrEqual(1);
      expect(Number.isFinite(paretoNbd.conditionalExpectedPurchases(p, 52, x, tx, T))).toBe(true);
    }
    for (const q of [
      { r: 1e-3, alpha: 1e-3, s: 1e-3, beta: 1e3 },
      { r: 100, alpha: 1e4, s: 50, beta: 1e-2 },
    ]) {
      expect(Number.isFinite(paretoNbd.logLikelihood(q, loadCdnow()))).toBe(true);
    }
  });
});

describe("Pareto/NBD against its own generative process", () => {
  const truth: ParetoNbdParams = { r: 0.7, alpha: 9, s: 0.8, beta: 14 };
  const rng = new Random(7);
  const T = Float64Array.from({ length: 30_000 }, () => 20 + 32 * rng.uniform());
  const sim = simulateParetoNbd(truth, T, 26, rng);

  it("recovers the parameters within 3.5 standard errors", () => {
    const fit = paretoNbd.fit(sim.data);
    for (const name of fit.paramNames) {
      const z = (fit.params[name]! - truth[name]!) / fit.standardErrors[name]!;
      expect(Math.abs(z), `${name}: ${fit.params[name]} vs ${truth[name]}`).toBeLessThan(3.5);
    }
  });

  it("predicts alive status and holdout purchases by group", () => {
    const { data, aliveAtT, holdoutPurchases } = sim;
    const scores = paretoNbd.score!(truth, data, 26);
    for (const [label, group] of [
      ["x = 0", (i: number) => data.x[i] === 0],
      ["x = 1..3", (i: number) => data.x[i]! >= 1 && data.x[i]! <= 3],
      ["x >= 4 lapsed", (i: number) => data.x[i]! >= 4 && data.T[i]! - data.tx[i]! > 10],
      ["x >= 4 recent", (i: number) => data.x[i]! >= 4 && data.T[i]! - data.tx[i]! <= 10],
    ] as const) {
      expect(Math.abs(residualZ(aliveAtT, scores.pAlive, group)), `alive ${label}`).toBeLessThan(4);
      expect(Math.abs(residualZ(holdoutPurchases, scores.expectedPurchases, group)), `holdout ${label}`).toBeLessThan(4);
    }
  });
});
