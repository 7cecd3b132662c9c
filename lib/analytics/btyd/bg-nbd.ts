/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way").
 * Purchases follow a Poisson process with gamma(r, alpha) heterogeneity in
 * the rate; after each purchase the customer drops out with probability p,
 * beta(a, b) across customers.
 */
import { bgNbdLogLikelihoodHessian } from "./bg-nbd-hessian.ts";
import { fitMle, type LikelihoodProblem } from "./optim/fit-mle.ts";
import { digamma } from "./math/digamma.ts";
import { logHyp2f1 } from "./math/hyp2f1.ts";
import { logBeta } from "./math/log-beta.ts";
import { logGamma } from "./math/log-gamma.ts";
import { limitAt } from "./math/richardson.ts";
import { gammaPoissonAnyWithin, medianPurchaseGap } from "./next-purchase.ts";
import { prepareData, subsampleData, type PreparedData } from "./prepare-data.ts";
import { Random } from "./random.ts";
import { scoreRows } from "./score-rows.ts";
import type { FitOptions, FrequencyRecencyData, ParamMap, TransactionModel } from "./types.ts";

export interface BgNbdParams extends ParamMap {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

const PARAM_NAMES = ["r", "alpha", "a", "b"] as const;

function unpack(p: ArrayLike<number>): BgNbdParams {
  return { r: p[0]!, alpha: p[1]!, a: p[2]!, b: p[3]! };
}

/**
 * Weighted log-likelihood over prepared rows; fills d/d(r, alpha, a, b) when
 * `grad` is given. `modified` gives MBG/NBD (Batislam et al. 2007), where the
 * customer may also leave right after the first purchase: b + x becomes
 * b + x + 1 in the beta terms and x = 0 rows get the "dropped out" term too.
 */
export function bgNbdLogLikelihoodPrepared(
  p: BgNbdParams,
  data: PreparedData,
  grad: Float64Array | null,
  modified = false,
): number {
  const shift = modified ? 1 : 0;
  const { r, alpha, a, b } = p;
  const nx = data.xs.values.length;
  // per distinct x: log-gamma and digamma terms
  const constX = new Float64Array(nx);
  const logBx1 = new Float64Array(nx);
  const lnAlpha = Math.log(alpha);
  const lgR = logGamma(r);
  const lgAB = logGamma(a + b);
  const lgB = logGamma(b);
  let sumConst = 0;
  let gR = 0;
  let gAlpha = 0;
  let gA = 0;
  let gB = 0;
  const psiR = grad ? digamma(r) : 0;
  const psiAB = grad ? digamma(a + b) : 0;
  const psiB = grad ? digamma(b) : 0;
  for (let k = 0; k < nx; k++) {
    const x = data.xs.values[k]!;
    const c =
      logGamma(r + x) - lgR + r * lnAlpha + lgAB + logGamma(b + x + shift) - lgB - logGamma(a + b + x + shift);
    constX[k] = c;
    logBx1[k] = x > 0 || modified ? Math.log(b + x - 1 + shift) : 0;
    const w = data.weightPerX[k]!;
    sumConst += w * c;
    if (grad) {
      const psiABX = digamma(a + b + x + shift);
      gR += w * (digamma(r + x) - psiR + lnAlpha);
      gAlpha += (w * r) / alpha;
      gA += w * (psiAB - psiABX);
      gB += w * (psiAB + digamma(b + x + shift) - psiB - psiABX);
    }
  }
  // logs and reciprocals once per distinct T and tx: the row loop is then one exp and one log1p
  const lnT = data.Ts.values.map((T) => Math.log(alpha + T));
  const lnTx = data.txs.values.map((tx) => Math.log(alpha + tx));
  const invT = grad ? data.Ts.values.map((T) => 1 / (alpha + T)) : lnT;
  const invTx = grad ? data.txs.values.map((tx) => 1 / (alpha + tx)) : lnTx;
  const invB = new Float64Array(nx);
  for (let k = 0; k < nx; k++) invB[k] = 1 / (b + data.xs.values[k]! - 1 + shift);
  const lnA = Math.log(a);
  const { x: xs, weight, rows } = data;
  const iT = data.Ts.index;
  const iTx = data.txs.index;
  const iX = data.xs.index;
  let sumRows = 0;
  let sumW4 = 0;
  for (let i = 0; i < rows; i++) {
    const x = xs[i]!;
    const rx = r + x;
    const w = weight[i]!;
    const jT = iT[i]!;
    const lT = lnT[jT]!;
    if (x === 0 && !modified) {
      sumRows -= w * rx * lT;
      if (grad) {
        gR -= w * lT;
        gAlpha -= w * rx * invT[jT]!;
      }
      continue;
    }
    // ln L = l3 + ln(1 + e^d), l3 = -(r+x) ln(alpha+T), l4 = l3 + d the "dropped out after tx" term
    const jTx = iTx[i]!;
    const jX = iX[i]!;
    const lTx = lnTx[jTx]!;
    const d = lnA - logBx1[jX]! + rx * (lT - lTx);
    const e = Math.exp(-Math.abs(d));
    sumRows += w * ((d > 0 ? d : 0) + Math.log(1 + e) - rx * lT);
    if (grad) {
      // share of the dropped-out term, 1 / (1 + e^-d)
      const w4 = d > 0 ? 1 / (1 + e) : e / (1 + e);
      const ww4 = w * w4;
      gR -= w * lT - ww4 * (lT - lTx);
      gAlpha -= w * rx * invT[jT]! + ww4 * rx * (invTx[jTx]! - invT[jT]!);
      sumW4 += ww4;
      gB -= ww4 * invB[jX]!;
    }
  }
  gA += sumW4 / a;
  if (grad) {
    grad[0] = gR;
    grad[1] = gAlpha;
    grad[2] = gA;
    grad[3] = gB;
  }
  return sumConst + sumRows;
}

function problemFor(data: PreparedData): LikelihoodProblem {
  return {
    hasGradient: true,
    customers: data.totalWeight,
    logLikelihood: (params, grad) => bgNbdLogLikelihoodPrepared(unpack(params), data, grad),
    hessian: (params) => bgNbdLogLikelihoodHessian(unpack(params), data),
  };
}

function meanT(data: PreparedData): number {
  let s = 0;
  for (let i = 0; i < data.rows; i++) s += data.weight[i]! * data.T[i]!;
  return s / data.totalWeight;
}

export function fitBgNbd(data: FrequencyRecencyData, options: FitOptions = {}) {
  const prepared = prepareData(data);
  const rng = new Random(20050101);
  const sample = subsampleData(prepared, 20_000, () => rng.uniform());
  const m = meanT(prepared);
  return fitMle<BgNbdParams>(
    {
      model: "bg-nbd",
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

/** P(alive | x, tx, T) = 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+tx))^(r+x)); 1 when x = 0. */
export function bgNbdPAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))]:
 * expected purchases in (T, T+t] for a customer known to be alive at T. Removable
 * singularities at a = 1 and (x = 0) a + b = 1 are taken as limits.
 */
export function bgNbdAliveExpectation(p: BgNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const at = (a: number): number => {
    const { r, alpha, b } = p;
    const z = t / (alpha + T + t);
    const h = logHyp2f1(r + x, b + x, a + b + x - 1, z);
    const logTerm = (r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)) + h.logAbs;
    const oneMinus = h.sign > 0 ? -Math.expm1(logTerm) : 1 + Math.exp(logTerm);
    return ((a + b + x - 1) / (a - 1)) * oneMinus;
  };
  const c = p.a + p.b + x - 1;
  const nearPole = c <= 0.5 && Math.abs(c - Math.round(c)) < 1e-7;
  if (Math.abs(p.a - 1) < 1e-7 || nearPole) return limitAt(at, p.a, 1e-3 * Math.min(1, p.a / 4));
  return at(p.a);
}

export function bgNbdConditionalExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return bgNbdAliveExpectation(p, t, x, T) * bgNbdPAlive(p, x, tx, T);
}

export function bgNbdExpectedPurchasesNewCustomer(p: BgNbdParams, t: number): number {
  return bgNbdAliveExpectation(p, t, 0, 0);
}

/** P(X(t) = n), FHL 2005 eq. (8). */
export function bgNbdProbabilityOfPurchases(p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  const logP = Math.log(alpha / (alpha + t));
  const log1mP = Math.log(t / (alpha + t));
  const logNbd = (j: number) => logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logP + j * log1mP;
  const first = Math.exp(logBeta(a, b + n) - logBeta(a, b) + logNbd(n));
  if (n === 0) return first;
  // 1 - P(N <= n-1) for the NBD, summed from whichever side is more accurate
  let head = 0;
  for (let j = 0; j < n; j++) head += Math.exp(logNbd(j));
  let tail: number;
  if (head < 0.5) {
    tail = 1 - head;
  } else {
    tail = 0;
    for (let j = n; ; j++) {
      const term = Math.exp(logNbd(j));
      tail += term;
      if (term < 1e-17 * tail && j > n + (r * t) / alpha) break;
      if (j > n + 1e6) break;
    }
  }
  return first + Math.exp(logBeta(a + 1, b + n - 1) - logBeta(a, b)) * tail;
}

/**
 * P(a purchase in (T, T+t] | alive at T) = 1 - ((α+T)/(α+T+t))^(r+x): a customer
 * drops out only right after a purchase, so the first purchase after T is
 * exponential(λ) with λ | history, alive ~ gamma(r+x, α+T). Times P(alive) this
 * is 1 - P(X(T, T+t) = 0 | x, tx, T) of FHL 2005.
 */
export function bgNbdPurchaseIfAlive(p: BgNbdParams, t: number, x: number, T: number): number {
  return gammaPoissonAnyWithin(p.r + x, p.alpha + T, t);
}

export const bgNbd: TransactionModel<BgNbdParams> = {
  name: "bg-nbd",
  paramNames: PARAM_NAMES,
  fit: fitBgNbd,
  logLikelihood: (params, data) => bgNbdLogLikelihoodPrepared(params, prepareData(data), null),
  pAlive: bgNbdPAlive,
  conditionalExpectedPurchases: bgNbdConditionalExpectedPurchases,
  expectedPurchasesNewCustomer: bgNbdExpectedPurchasesNewCustomer,
  probabilityOfPurchases: bgNbdProbabilityOfPurchases,
  score: (params, data, t) =>
    scoreRows(data, (x, tx, T) => bgNbdPAlive(params, x, tx, T), (x, T) => bgNbdAliveExpectation(params, t, x, T)),
  purchaseIfAlive: bgNbdPurchaseIfAlive,
  medianPurchaseGap,
};
