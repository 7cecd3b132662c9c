/**
 * BG/BB (Fader, Hardie & Shang 2010): discrete transaction opportunities;
 * while alive a customer transacts with probability p ~ beta(alpha, beta) and
 * leaves at the start of each period with probability theta ~ beta(gamma, delta).
 * Fitted on grouped (x, tx, n) rows with counts.
 */
import { groupRows } from "./distinct-rows.ts";
import { logHyp2f1 } from "./math/hyp2f1.ts";
import { logBeta } from "./math/log-beta.ts";
import { logGamma } from "./math/log-gamma.ts";
import { logAddExp, logSumExp } from "./math/log-sum-exp.ts";
import { limitAt } from "./math/richardson.ts";
import { fitMle, type LikelihoodProblem } from "./optim/fit-mle.ts";
import type { DiscretePeriodData, DiscreteTransactionModel, FitOptions, ParamMap } from "./types.ts";

export interface BgBbParams extends ParamMap {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
}

const PARAM_NAMES = ["alpha", "beta", "gamma", "delta"] as const;

function validate(data: DiscretePeriodData): void {
  const n = data.x.length;
  if (data.tx.length !== n || data.n.length !== n || data.weight.length !== n) {
    throw new Error("discrete data: x, tx, n and weight must have the same length");
  }
  for (let i = 0; i < n; i++) {
    const [x, tx, periods] = [data.x[i]!, data.tx[i]!, data.n[i]!];
    if (![x, tx, periods].every(Number.isInteger) || x < 0 || periods < 1 || tx > periods || x > tx || (x > 0 && tx < 1)) {
      throw new Error(`row ${i}: need integers with 0 <= x <= tx <= n, n >= 1, tx >= 1 when x > 0 (got x=${x}, tx=${tx}, n=${periods})`);
    }
    if (!(data.weight[i]! >= 0)) throw new Error(`row ${i}: weight must be >= 0`);
  }
}

/** ln L(alpha, beta, gamma, delta | x, tx, n), FHS 2010 eq. (5). */
export function bgBbLogLikelihoodOne(p: BgBbParams, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  const lbAB = logBeta(alpha, beta);
  const lbGD = logBeta(gamma, delta);
  let ll = logBeta(alpha + x, beta + n - x) - lbAB + logBeta(gamma, delta + n) - lbGD;
  for (let i = 0; i <= n - tx - 1; i++) {
    ll = logAddExp(ll, logBeta(alpha + x, beta + tx - x + i) - lbAB + logBeta(gamma + 1, delta + tx + i) - lbGD);
  }
  return ll;
}

/** Identical (x, tx, n) rows merged into one weighted row: grouped data stay tiny. */
export function groupDiscreteData(data: DiscretePeriodData): DiscretePeriodData {
  const groups = groupRows(data.x, data.tx, data.n);
  const weight = new Float64Array(groups.count);
  for (let i = 0; i < data.x.length; i++) weight[groups.groupOf[i]!]! += data.weight[i]!;
  const firstRows = groups.first.subarray(0, groups.count);
  const pick = (column: Float64Array) => Float64Array.from(firstRows, (i) => column[i]!);
  return { x: pick(data.x), tx: pick(data.tx), n: pick(data.n), weight };
}

export function bgBbLogLikelihood(p: BgBbParams, data: DiscretePeriodData): number {
  return bgBbLogLikelihoodGrouped(p, groupDiscreteData(data));
}

function bgBbLogLikelihoodGrouped(p: BgBbParams, data: DiscretePeriodData): number {
  let total = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight[i]!;
    if (w > 0) total += w * bgBbLogLikelihoodOne(p, data.x[i]!, data.tx[i]!, data.n[i]!);
  }
  return total;
}

export function fitBgBb(raw: DiscretePeriodData, options: FitOptions = {}) {
  validate(raw);
  const data = groupDiscreteData(raw);
  let customers = 0;
  for (let i = 0; i < data.weight.length; i++) customers += data.weight[i]!;
  const problem: LikelihoodProblem = {
    // grouped data are small: central differences are cheap and accurate enough
    hasGradient: false,
    customers,
    logLikelihood: (params) =>
      bgBbLogLikelihoodGrouped({ alpha: params[0]!, beta: params[1]!, gamma: params[2]!, delta: params[3]! }, data),
  };
  return fitMle<BgBbParams>(
    {
      model: "bg-bb",
      paramNames: PARAM_NAMES,
      problem,
      defaultStarts: [
        [1, 1, 1, 1],
        [1, 0.5, 0.5, 3],
        [3, 1, 2, 10],
        [0.5, 2, 0.3, 1],
      ],
    },
    options,
  );
}

/** P(alive in period n+1 | x, tx, n) = B(α+x, β+n-x)/B(α,β) B(γ, δ+n+1)/B(γ,δ) / L. */
export function bgBbPAlive(p: BgBbParams, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  const num = logBeta(alpha + x, beta + n - x) - logBeta(alpha, beta) + logBeta(gamma, delta + n + 1) - logBeta(gamma, delta);
  return Math.exp(num - bgBbLogLikelihoodOne(p, x, tx, n));
}

/** δ/(γ-1) Γ(γ+δ)/Γ(1+δ) [Γ(1+δ+n)/Γ(γ+δ+n) - Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)], with the γ = 1 limit. */
function survivalSum(gamma: number, delta: number, n: number, nStar: number): number {
  const at = (g: number) => {
    const base = logGamma(g + delta) - logGamma(1 + delta);
    const first = base + logGamma(1 + delta + n) - logGamma(g + delta + n);
    const second = base + logGamma(1 + delta + n + nStar) - logGamma(g + delta + n + nStar);
    // e^first - e^second without losing digits when they are close
    const diff = Math.exp(first) * -Math.expm1(second - first);
    return (delta / (g - 1)) * diff;
  };
  return Math.abs(gamma - 1) < 1e-7 ? limitAt(at, gamma, 1e-3) : at(gamma);
}

export function bgBbConditionalExpectedPurchases(p: BgBbParams, nStar: number, x: number, tx: number, n: number): number {
  if (nStar <= 0) return 0;
  const { alpha, beta, gamma, delta } = p;
  const lead = logBeta(alpha + x + 1, beta + n - x) - logBeta(alpha, beta) - bgBbLogLikelihoodOne(p, x, tx, n);
  return Math.exp(lead) * survivalSum(gamma, delta, n, nStar);
}

export function bgBbExpectedPurchasesNewCustomer(p: BgBbParams, n: number): number {
  return (p.alpha / (p.alpha + p.beta)) * survivalSum(p.gamma, p.delta, 0, n);
}

/** P(X(n) = k), FHS 2010 eq. (7). */
export function bgBbProbabilityOfPurchases(p: BgBbParams, n: number, k: number): number {
  const { alpha, beta, gamma, delta } = p;
  if (k < 0 || k > n) return 0;
  const logChoose = (m: number, j: number) => logGamma(m + 1) - logGamma(j + 1) - logGamma(m - j + 1);
  const lbAB = logBeta(alpha, beta);
  const lbGD = logBeta(gamma, delta);
  const terms = [logChoose(n, k) + logBeta(alpha + k, beta + n - k) - lbAB + logBeta(gamma, delta + n) - lbGD];
  for (let i = k; i <= n - 1; i++) {
    terms.push(logChoose(i, k) + logBeta(alpha + k, beta + i - k) - lbAB + logBeta(gamma + 1, delta + i) - lbGD);
  }
  return Math.exp(logSumExp(terms));
}

/**
 * Discounted expected residual transactions (FHS 2010 eq. 10) at a per-period
 * discount rate d: Σ_{k>=1} E[transaction in period n+k] / (1+d)^k.
 */
export function bgBbDert(p: BgBbParams, discountRate: number, x: number, tx: number, n: number): number {
  if (!(discountRate > 0)) throw new Error(`BG/BB DERT needs a discount rate > 0 (got ${discountRate}): undiscounted it is ${p.gamma > 1 ? "finite only as E[X]" : "infinite"}`);
  const { alpha, beta, gamma, delta } = p;
  const h = logHyp2f1(1, delta + n + 1, gamma + delta + n + 1, 1 / (1 + discountRate));
  const logValue =
    logBeta(alpha + x + 1, beta + n - x) -
    logBeta(alpha, beta) +
    logBeta(gamma, delta + n + 1) -
    Math.log1p(discountRate) -
    logBeta(gamma, delta) +
    h.logAbs -
    bgBbLogLikelihoodOne(p, x, tx, n);
  return h.sign * Math.exp(logValue);
}

/**
 * P(at least one transaction in periods n+1 .. n+nStar | x, tx, n). A customer
 * dead by period n+1 makes none; one alive in period n+1 has p ~ beta(α+x, β+n-x)
 * and θ ~ beta(γ, δ+n+1), and stays alive for j of the nStar periods with
 * probability (1-θ)^(j-1) θ (j < nStar) or (1-θ)^(nStar-1), transacting in none
 * of them with probability (1-p)^j. The sum has nStar terms.
 */
export function bgBbProbabilityOfPurchaseWithin(p: BgBbParams, nStar: number, x: number, tx: number, n: number): number {
  if (!(nStar >= 1)) return 0;
  const { alpha, beta, gamma, delta } = p;
  const lbP = logBeta(alpha + x, beta + n - x);
  const lbTheta = logBeta(gamma, delta + n + 1);
  const noneInFirst = (j: number) => logBeta(alpha + x, beta + n - x + j) - lbP;
  let none = Math.exp(noneInFirst(nStar) + logBeta(gamma, delta + n + nStar) - lbTheta);
  for (let j = 1; j < nStar; j++) none += Math.exp(noneInFirst(j) + logBeta(gamma + 1, delta + n + j) - lbTheta);
  return bgBbPAlive(p, x, tx, n) * Math.max(0, 1 - none);
}

export const bgBb: DiscreteTransactionModel<BgBbParams> = {
  name: "bg-bb",
  paramNames: PARAM_NAMES,
  fit: fitBgBb,
  logLikelihood: bgBbLogLikelihood,
  pAlive: bgBbPAlive,
  conditionalExpectedPurchases: bgBbConditionalExpectedPurchases,
  expectedPurchasesNewCustomer: bgBbExpectedPurchasesNewCustomer,
  probabilityOfPurchases: bgBbProbabilityOfPurchases,
  probabilityOfPurchaseWithin: bgBbProbabilityOfPurchaseWithin,
};
