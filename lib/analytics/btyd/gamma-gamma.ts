/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, JMR; Fader & Hardie's
 * note "The Gamma-Gamma model of monetary value"): transaction values are
 * gamma(p, nu) around a customer's mean, nu ~ gamma(q, gamma) across customers.
 * Fitted on repeat buyers' (x, mean repeat spend).
 */
import { digamma } from "./math/digamma.ts";
import { logGamma } from "./math/log-gamma.ts";
import { fitMle, type LikelihoodProblem } from "./optim/fit-mle.ts";
import type { FitOptions, ParamMap, SpendData, SpendModel } from "./types.ts";

export interface GammaGammaParams extends ParamMap {
  p: number;
  q: number;
  v: number;
}

const PARAM_NAMES = ["p", "q", "v"] as const;

function validate(data: SpendData): void {
  const n = data.x.length;
  if (data.monetaryValue.length !== n || data.weight.length !== n) {
    throw new Error("spend data: x, monetaryValue and weight must have the same length");
  }
  for (let i = 0; i < n; i++) {
    if (!(data.x[i]! > 0)) throw new Error(`row ${i}: Gamma-Gamma needs x > 0 (repeat buyers only), got ${data.x[i]}`);
    if (!(data.monetaryValue[i]! > 0)) throw new Error(`row ${i}: monetary value must be > 0, got ${data.monetaryValue[i]}`);
    if (!(data.weight[i]! >= 0)) throw new Error(`row ${i}: weight must be >= 0`);
  }
}

/** Weighted log-likelihood; fills d/d(p, q, v) when `grad` is given. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: SpendData, grad: Float64Array | null = null): number {
  const { p, q, v } = params;
  const lgQ = logGamma(q);
  const lnV = Math.log(v);
  const psiQ = grad ? digamma(q) : 0;
  let total = 0;
  let gp = 0;
  let gq = 0;
  let gv = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight[i]!;
    if (w === 0) continue;
    const x = data.x[i]!;
    const m = data.monetaryValue[i]!;
    const px = p * x;
    const lnXmV = Math.log(x * m + v);
    const lnM = Math.log(m);
    const lnX = Math.log(x);
    total += w * (logGamma(px + q) - logGamma(px) - lgQ + q * lnV + (px - 1) * lnM + px * lnX - (px + q) * lnXmV);
    if (grad) {
      const psiPxQ = digamma(px + q);
      gp += w * x * (psiPxQ - digamma(px) + lnM + lnX - lnXmV);
      gq += w * (psiPxQ - psiQ + lnV - lnXmV);
      gv += w * (q / v - (px + q) / (x * m + v));
    }
  }
  if (grad) {
    grad[0] = gp;
    grad[1] = gq;
    grad[2] = gv;
  }
  return total;
}

export function fitGammaGamma(data: SpendData, options: FitOptions = {}) {
  validate(data);
  let customers = 0;
  let spend = 0;
  for (let i = 0; i < data.x.length; i++) {
    customers += data.weight[i]!;
    spend += data.weight[i]! * data.monetaryValue[i]!;
  }
  const meanSpend = spend / customers;
  const problem: LikelihoodProblem = {
    hasGradient: true,
    customers,
    logLikelihood: (params, grad) => gammaGammaLogLikelihood({ p: params[0]!, q: params[1]!, v: params[2]! }, data, grad),
  };
  return fitMle<GammaGammaParams>(
    {
      model: "gamma-gamma",
      paramNames: PARAM_NAMES,
      problem,
      // E[z] = p v / (q - 1): starts that reproduce the observed mean
      defaultStarts: [
        [1, 1, 1],
        [5, 3, 0.4 * meanSpend],
        [2, 5, 2 * meanSpend],
        [10, 2, 0.1 * meanSpend],
      ],
    },
    options,
  );
}

/** Population mean spend p v / (q - 1); undefined (infinite) for q <= 1. */
export function gammaGammaPopulationMean(params: GammaGammaParams): number {
  if (!(params.q > 1)) {
    throw new Error(`Gamma-Gamma mean spend is undefined for q <= 1 (q = ${params.q}): the spend distribution has no finite mean`);
  }
  return (params.p * params.v) / (params.q - 1);
}

/** E[Z | x, zbar] = p (v + x zbar) / (p x + q - 1): a weighted average of the population mean and the customer's own. */
export function gammaGammaConditionalSpend(params: GammaGammaParams, x: number, monetaryValue: number): number {
  const { p, q, v } = params;
  if (x === 0) return gammaGammaPopulationMean(params);
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    throw new Error(`Gamma-Gamma conditional spend is undefined when p x + q <= 1 (p=${p}, x=${x}, q=${q})`);
  }
  return (p * (v + x * monetaryValue)) / denominator;
}

export const gammaGamma: SpendModel<GammaGammaParams> = {
  name: "gamma-gamma",
  paramNames: PARAM_NAMES,
  fit: fitGammaGamma,
  logLikelihood: (params, data) => gammaGammaLogLikelihood(params, data),
  conditionalExpectedAverageSpend: gammaGammaConditionalSpend,
  populationMeanSpend: gammaGammaPopulationMean,
};
