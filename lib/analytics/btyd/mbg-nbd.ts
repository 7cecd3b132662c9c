/**
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer can
 * also leave right after the first purchase, so P(alive) < 1 even with no
 * repeat purchase. Most formulas are BG/NBD's with b replaced by b + 1.
 */
import {
  bgNbdAliveExpectation,
  bgNbdLogLikelihoodPrepared,
  bgNbdPAlive,
  bgNbdPurchaseIfAlive,
  type BgNbdParams,
} from "./bg-nbd.ts";
import { bgNbdLogLikelihoodHessian } from "./bg-nbd-hessian.ts";
import { logBeta } from "./math/log-beta.ts";
import { medianPurchaseGap } from "./next-purchase.ts";
import { logGamma } from "./math/log-gamma.ts";
import { fitMle, type LikelihoodProblem } from "./optim/fit-mle.ts";
import { prepareData, subsampleData, type PreparedData } from "./prepare-data.ts";
import { Random } from "./random.ts";
import { scoreRows } from "./score-rows.ts";
import type { FitOptions, FrequencyRecencyData, TransactionModel } from "./types.ts";

export type MbgNbdParams = BgNbdParams;

const PARAM_NAMES = ["r", "alpha", "a", "b"] as const;
const shifted = (p: MbgNbdParams): MbgNbdParams => ({ ...p, b: p.b + 1 });

function problemFor(data: PreparedData): LikelihoodProblem {
  return {
    hasGradient: true,
    customers: data.totalWeight,
    logLikelihood: (params, grad) =>
      bgNbdLogLikelihoodPrepared({ r: params[0]!, alpha: params[1]!, a: params[2]!, b: params[3]! }, data, grad, true),
    hessian: (params) =>
      bgNbdLogLikelihoodHessian({ r: params[0]!, alpha: params[1]!, a: params[2]!, b: params[3]! }, data, true),
  };
}

export function fitMbgNbd(data: FrequencyRecencyData, options: FitOptions = {}) {
  const prepared = prepareData(data);
  const rng = new Random(20070101);
  const sample = subsampleData(prepared, 20_000, () => rng.uniform());
  let m = 0;
  for (let i = 0; i < prepared.rows; i++) m += prepared.weight[i]! * prepared.T[i]!;
  m /= prepared.totalWeight;
  return fitMle<MbgNbdParams>(
    {
      model: "mbg-nbd",
      paramNames: PARAM_NAMES,
      problem: problemFor(prepared),
      screening: sample ? problemFor(sample) : null,
      defaultStarts: [
        [1, 1, 1, 1],
        [0.5, 0.15 * m, 0.8, 2.5],
        [2, m, 0.3, 5],
        [0.2, 0.02 * m, 2, 1],
      ],
    },
    options,
  );
}

/** 1 / (1 + a/(b+x) ((alpha+T)/(alpha+tx))^(r+x)), also for x = 0. */
export function mbgNbdPAlive(p: MbgNbdParams, x: number, tx: number, T: number): number {
  // BG/NBD's formula with b + 1, applied to x = 0 as well
  const q = shifted(p);
  if (x > 0) return bgNbdPAlive(q, x, tx, T);
  const logOdds = Math.log(q.a) - Math.log(q.b - 1) + q.r * (Math.log(q.alpha + T) - Math.log(q.alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

export function mbgNbdAliveExpectation(p: MbgNbdParams, t: number, x: number, T: number): number {
  return bgNbdAliveExpectation(shifted(p), t, x, T);
}

export function mbgNbdConditionalExpectedPurchases(p: MbgNbdParams, t: number, x: number, tx: number, T: number): number {
  return mbgNbdAliveExpectation(p, t, x, T) * mbgNbdPAlive(p, x, tx, T);
}

/** b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))]: alive after the first purchase w.p. b/(a+b). */
export function mbgNbdExpectedPurchasesNewCustomer(p: MbgNbdParams, t: number): number {
  return (p.b / (p.a + p.b)) * mbgNbdAliveExpectation(p, t, 0, 0);
}

/**
 * P(X(t) = n) = B(a, b+n+1)/B(a,b) NBD(n; t) + B(a+1, b+n)/B(a,b) P(NBD(t) >= n):
 * still alive after n purchases and made exactly n, or left right after the n-th.
 */
export function mbgNbdProbabilityOfPurchases(p: MbgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  const logP = Math.log(alpha / (alpha + t));
  const log1mP = Math.log(t / (alpha + t));
  const logNbd = (j: number) => logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logP + j * log1mP;
  let head = 0;
  for (let j = 0; j < n; j++) head += Math.exp(logNbd(j));
  let tail: number;
  if (head < 0.5) {
    tail = 1 - head;
  } else {
    tail = 0;
    for (let j = n; j < n + 1e6; j++) {
      const term = Math.exp(logNbd(j));
      tail += term;
      if (term < 1e-17 * tail && j > n + (r * t) / alpha) break;
    }
  }
  return (
    Math.exp(logBeta(a, b + n + 1) - logBeta(a, b) + logNbd(n)) + Math.exp(logBeta(a + 1, b + n) - logBeta(a, b)) * tail
  );
}

export const mbgNbd: TransactionModel<MbgNbdParams> = {
  name: "mbg-nbd",
  paramNames: PARAM_NAMES,
  fit: fitMbgNbd,
  logLikelihood: (params, data) => bgNbdLogLikelihoodPrepared(params, prepareData(data), null, true),
  pAlive: mbgNbdPAlive,
  conditionalExpectedPurchases: mbgNbdConditionalExpectedPurchases,
  expectedPurchasesNewCustomer: mbgNbdExpectedPurchasesNewCustomer,
  probabilityOfPurchases: mbgNbdProbabilityOfPurchases,
  score: (params, data, t) =>
    scoreRows(
      data,
      (x, tx, T) => mbgNbdPAlive(params, x, tx, T),
      (x, T) => mbgNbdAliveExpectation(params, t, x, T),
    ),
  // Alive after x repeat purchases, λ | history ~ gamma(r+x, α+T) as in BG/NBD; the
  // extra dropout chance at the first purchase is in P(alive) only.
  purchaseIfAlive: bgNbdPurchaseIfAlive,
  medianPurchaseGap,
};
