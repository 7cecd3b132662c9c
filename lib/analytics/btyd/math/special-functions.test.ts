import { describe, expect, it } from "vitest";
import { digamma } from "./digamma.ts";
import { logBeta } from "./log-beta.ts";
import { logGamma, logGammaSigned } from "./log-gamma.ts";
import { addSigned, fromSigned, logAddExp, logSubExp, logSumExp } from "./log-sum-exp.ts";

const EULER_GAMMA = 0.5772156649015329;

describe("logGamma", () => {
  it("matches factorials and half-integer closed forms", () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expect(logGamma(n)).toBeCloseTo(logFactorial, 10 - Math.floor(Math.log10(Math.max(1, logFactorial))));
      logFactorial += Math.log(n);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    // Γ(n + 1/2) = (2n)! sqrt(pi) / (4^n n!)
    expect(logGamma(10.5)).toBeCloseTo(Math.log(1133278.3889487855), 12);
  });

  it("is accurate near its zeros and for large and tiny arguments", () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-15);
    // Γ(x) ~ 1/x - γ for small x
    expect(logGamma(1e-10)).toBeCloseTo(-Math.log(1e-10) - EULER_GAMMA * 1e-10, 12);
    // mpmath: loggamma(1e6) = 12815504.569147612
    expect(logGamma(1e6) / 12815504.569147612).toBeCloseTo(1, 14);
    // continuity across the Lanczos / Stirling switch at 10
    expect(logGamma(10 - 1e-12)).toBeCloseTo(logGamma(10 + 1e-12), 10);
  });

  it("gives sign and magnitude for negative non-integers (reflection)", () => {
    // Γ(-0.5) = -2 sqrt(pi), Γ(-1.5) = 4 sqrt(pi) / 3
    const g1 = logGammaSigned(-0.5);
    expect(g1.sign).toBe(-1);
    expect(Math.exp(g1.logAbs)).toBeCloseTo(2 * Math.sqrt(Math.PI), 12);
    const g2 = logGammaSigned(-1.5);
    expect(g2.sign).toBe(1);
    expect(Math.exp(g2.logAbs)).toBeCloseTo((4 * Math.sqrt(Math.PI)) / 3, 12);
    expect(logGammaSigned(-3).logAbs).toBe(Infinity);
  });
});

describe("digamma", () => {
  it("matches known values and the recurrence", () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 13);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 13);
    for (const x of [0.013, 0.7, 3.2, 47.5, 1234.5]) expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 10);
    // the derivative of logGamma, by central differences
    for (const x of [0.3, 2.5, 25, 700]) {
      const h = 1e-5 * Math.max(1, x);
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 6);
    }
    expect(digamma(-0.5)).toBeCloseTo(0.03648997397857652, 12);
  });
});

describe("log-space helpers", () => {
  it("adds, subtracts and sums without overflow", () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logSubExp(1000, 1000 - Math.LN2)).toBeCloseTo(1000 - Math.LN2, 12);
    expect(logSubExp(5, 5)).toBe(-Infinity);
    // ln(1 - e^-1e-12) keeps its digits
    expect(logSubExp(0, -1e-12)).toBeCloseTo(Math.log(1e-12), 8);
    expect(logSumExp([800, 800, 800])).toBeCloseTo(800 + Math.log(3), 12);
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    const s = addSigned({ logAbs: Math.log(5), sign: 1 }, { logAbs: Math.log(7), sign: -1 });
    expect(fromSigned(s)).toBeCloseTo(-2, 13);
  });
});
