/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): Poisson purchases at rate
 * lambda ~ gamma(r, alpha) over an exponential lifetime, mu ~ gamma(s, beta).
 * Likelihood in the form of Fader & Hardie's note "Deriving an alternative
 * form of the Pareto/NBD likelihood": with m = max(alpha, beta),
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^-(r+x) (β+T)^-s + s/(r+s+x) · A0 ]
 *   A0 = F(r+s+x, b, |α-β|/(m+tx)) / (m+tx)^(r+s+x) - F(..., |α-β|/(m+T)) / (m+T)^(r+s+x)
 *
 * where F(a, b, z) = 2F1(a, b; a+1; z), b = s+1 if α >= β else r+x (α = β: F = 1).
 * The 2F1 terms depend on (x, tx) and (x, T) only, so they are computed once per
 * distinct pair, with analytic derivatives.
 */
import { groupRows, type RowGroups } from "./distinct-rows.ts";
import { digamma } from "./math/digamma.ts";
import { logHyp2f1 } from "./math/hyp2f1.ts";
import { logHyp2f1AA1, type LogHyp2f1AA1 } from "./math/hyp2f1-a-a1.ts";
import { logGamma } from "./math/log-gamma.ts";
import { logSubExp } from "./math/log-sum-exp.ts";
import { integrate } from "./math/quadrature.ts";
import { fitMle, type LikelihoodProblem } from "./optim/fit-mle.ts";
import { medianPurchaseGap } from "./next-purchase.ts";
import { prepareData, subsampleData, validateFrequencyRecency, type PreparedData } from "./prepare-data.ts";
import { Random } from "./random.ts";
import type { CustomerScores, FitOptions, FrequencyRecencyData, ParamMap, TransactionModel } from "./types.ts";

export interface ParetoNbdParams extends ParamMap {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

const PARAM_NAMES = ["r", "alpha", "s", "beta"] as const;

function unpack(p: ArrayLike<number>): ParetoNbdParams {
  return { r: p[0]!, alpha: p[1]!, s: p[2]!, beta: p[3]! };
}

/** Distinct (x, u) pairs for u = tx and u = T, built once per prepared data set. */
interface PairTable {
  x: Float64Array;
  u: Float64Array;
  rowTx: Int32Array;
  rowT: Int32Array;
}

const pairCache = new WeakMap<PreparedData, PairTable>();

function pairTable(data: PreparedData): PairTable {
  const cached = pairCache.get(data);
  if (cached) return cached;
  const n = data.rows;
  // rows' (x, tx) pairs followed by their (x, T) pairs: equal values share one entry
  const x = new Float64Array(2 * n);
  const u = new Float64Array(2 * n);
  x.set(data.x);
  x.set(data.x, n);
  u.set(data.tx);
  u.set(data.T, n);
  const groups = groupRows(x, u, null);
  const table: PairTable = {
    x: Float64Array.from(groups.first, (i) => x[i]!),
    u: Float64Array.from(groups.first, (i) => u[i]!),
    rowTx: groups.groupOf.slice(0, n),
    rowT: groups.groupOf.slice(n),
  };
  pairCache.set(data, table);
  return table;
}

/**
 * Φ(x, u) = ln F(r+s+x, b, |α-β|/(m+u)) - (r+s+x) ln(m+u) for every pair, and
 * its derivatives in (r, alpha, s, beta) when `grad` (4 per pair) is given.
 */
function pairTerms(
  p: ParetoNbdParams,
  pairs: Pick<PairTable, "x" | "u">,
  phi: Float64Array,
  grad: Float64Array | null,
): void {
  const { r, alpha, s, beta } = p;
  const alphaBig = alpha >= beta;
  const m = alphaBig ? alpha : beta;
  const gap = Math.abs(alpha - beta);
  const f: LogHyp2f1AA1 = { value: 0, dA: 0, dB: 0, dZ: 0 };
  for (let k = 0; k < pairs.x.length; k++) {
    const x = pairs.x[k]!;
    const u = pairs.u[k]!;
    const a = r + s + x;
    const b = alphaBig ? s + 1 : r + x;
    const mu = m + u;
    const z = gap / mu;
    logHyp2f1AA1(a, b, z, f);
    const logMu = Math.log(mu);
    phi[k] = f.value - a * logMu;
    if (!grad) continue;
    // z = (m - other) / (m + u): derivative in the larger and the smaller parameter
    const dzBig = (m - gap + u) / (mu * mu);
    const dzSmall = -1 / mu;
    const dR = (alphaBig ? f.dA : f.dA + f.dB) - logMu;
    const dS = (alphaBig ? f.dA + f.dB : f.dA) - logMu;
    const dBig = f.dZ * dzBig - a / mu;
    const dSmall = f.dZ * dzSmall;
    grad[4 * k] = dR;
    grad[4 * k + 1] = alphaBig ? dBig : dSmall;
    grad[4 * k + 2] = dS;
    grad[4 * k + 3] = alphaBig ? dSmall : dBig;
  }
}

export function paretoNbdLogLikelihoodPrepared(
  p: ParetoNbdParams,
  data: PreparedData,
  grad: Float64Array | null,
): number {
  const { r, alpha, s, beta } = p;
  const pairs = pairTable(data);
  const nPairs = pairs.x.length;
  const phi = new Float64Array(nPairs);
  const dPhi = grad ? new Float64Array(4 * nPairs) : null;
  pairTerms(p, pairs, phi, dPhi);
  const lgR = logGamma(r);
  const psiR = grad ? digamma(r) : 0;
  const lnAlpha = Math.log(alpha);
  const lnBeta = Math.log(beta);
  const lnS = Math.log(s);
  const nx = data.xs.values.length;
  // per distinct x: ln(s / (r+s+x)) and 1/(r+s+x)
  const lnShare = new Float64Array(nx);
  const invA = new Float64Array(nx);
  let total = 0;
  let gR = 0;
  let gA = 0;
  let gS = 0;
  let gB = 0;
  for (let k = 0; k < nx; k++) {
    const x = data.xs.values[k]!;
    const w = data.weightPerX[k]!;
    total += w * (logGamma(r + x) - lgR + r * lnAlpha + s * lnBeta);
    lnShare[k] = lnS - Math.log(r + s + x);
    invA[k] = 1 / (r + s + x);
    if (grad) {
      gR += w * (digamma(r + x) - psiR + lnAlpha);
      gA += (w * r) / alpha;
      gS += w * lnBeta;
      gB += (w * s) / beta;
    }
  }
  // per distinct T: logs and reciprocals of alpha + T and beta + T
  const Ts = data.Ts.values;
  const lnAT = Ts.map((T) => Math.log(alpha + T));
  const lnBT = Ts.map((T) => Math.log(beta + T));
  const invAT = grad ? Ts.map((T) => 1 / (alpha + T)) : lnAT;
  const invBT = grad ? Ts.map((T) => 1 / (beta + T)) : lnBT;
  // per pair: the weight its dΦ carries in the gradient, summed over rows
  const pairCoef = grad ? new Float64Array(nPairs) : null;
  const invS = 1 / s;
  const { x: xs, weight, rows } = data;
  const iX = data.xs.index;
  const iT = data.Ts.index;
  const { rowTx, rowT } = pairs;
  let sumE = 0;
  for (let i = 0; i < rows; i++) {
    const x = xs[i]!;
    const w = weight[i]!;
    const jX = iX[i]!;
    const jT = iT[i]!;
    const j1 = rowTx[i]!;
    const j2 = rowT[i]!;
    const p1 = phi[j1]!;
    const p2 = phi[j2]!;
    // L ∝ E + share·(e^Φ1 - e^Φ2): with v = share·e^Φ1 (1 - e^(Φ2-Φ1)) / E, ln L = ln E + ln(1 + v)
    const lnE = -(r + x) * lnAT[jT]! - s * lnBT[jT]!;
    const delta = p2 - p1;
    const ratio = Math.exp(delta);
    // 1 - e^δ, by expm1 near δ = 0 (tx close to T); never below 0 when rounding makes Φ2 > Φ1
    const gap = delta > -Math.LN2 ? Math.max(0, -Math.expm1(delta)) : 1 - ratio;
    const q = lnShare[jX]! + p1 - lnE;
    let Z: number;
    let wE: number;
    let w1: number;
    if (q < 700) {
      const eq = Math.exp(q);
      const v = eq * gap;
      Z = lnE + Math.log(1 + v);
      wE = 1 / (1 + v);
      w1 = eq * wE;
    } else if (gap === 0) {
      Z = lnE;
      wE = 1;
      w1 = 0;
    } else {
      // e^q would overflow: the "gone" term dominates, stay in logs
      const lnV = q + Math.log(gap);
      const softplus = lnV > 0 ? lnV + Math.log1p(Math.exp(-lnV)) : Math.log1p(Math.exp(lnV));
      Z = lnE + softplus;
      wE = Math.exp(-softplus);
      w1 = Math.exp(q - softplus);
    }
    total += w * Z;
    if (!grad) continue;
    // wE = E/L, w1 = share·e^Φ1/L, w2 = share·e^Φ2/L, wA = 1 - wE; no division by A0, stable when tx -> T
    const wEw = w * wE;
    const wAw = w - wEw;
    const w1w = w * w1;
    pairCoef![j1]! += w1w;
    pairCoef![j2]! -= w1w * ratio;
    gR -= wEw * lnAT[jT]! + wAw * invA[jX]!;
    gA -= wEw * (r + x) * invAT[jT]!;
    gS += wAw * (invS - invA[jX]!) - wEw * lnBT[jT]!;
    sumE += wEw * invBT[jT]!;
  }
  if (grad) {
    gB -= s * sumE;
    for (let k = 0; k < nPairs; k++) {
      const c = pairCoef![k]!;
      if (c === 0) continue;
      gR += c * dPhi![4 * k]!;
      gA += c * dPhi![4 * k + 1]!;
      gS += c * dPhi![4 * k + 2]!;
      gB += c * dPhi![4 * k + 3]!;
    }
    grad[0] = gR;
    grad[1] = gA;
    grad[2] = gS;
    grad[3] = gB;
  }
  return total;
}

function problemFor(data: PreparedData): LikelihoodProblem {
  return {
    hasGradient: true,
    customers: data.totalWeight,
    logLikelihood: (params, grad) => paretoNbdLogLikelihoodPrepared(unpack(params), data, grad),
  };
}

export function fitParetoNbd(data: FrequencyRecencyData, options: FitOptions = {}) {
  const prepared = prepareData(data);
  const rng = new Random(19870101);
  const sample = subsampleData(prepared, 20_000, () => rng.uniform());
  let m = 0;
  for (let i = 0; i < prepared.rows; i++) m += prepared.weight[i]! * prepared.T[i]!;
  m /= prepared.totalWeight;
  return fitMle<ParetoNbdParams>(
    {
      model: "pareto-nbd",
      paramNames: PARAM_NAMES,
      problem: problemFor(prepared),
      screening: sample ? problemFor(sample) : null,
      defaultStarts: [
        [1, 1, 1, 1],
        [0.5, 0.3 * m, 0.5, 0.3 * m],
        [2, m, 1, 3 * m],
        [0.3, 0.1 * m, 2, 0.5 * m],
      ],
    },
    options,
  );
}

/** The two halves of the likelihood bracket for one customer, in logs. */
function bracket(p: ParetoNbdParams, x: number, tx: number, T: number): { lnE: number; lnRest: number } {
  const { r, alpha, s, beta } = p;
  const alphaBig = alpha >= beta;
  const m = alphaBig ? alpha : beta;
  const gap = Math.abs(alpha - beta);
  const a = r + s + x;
  const b = alphaBig ? s + 1 : r + x;
  const f: LogHyp2f1AA1 = { value: 0, dA: 0, dB: 0, dZ: 0 };
  const phiAt = (u: number) => logHyp2f1AA1(a, b, gap / (m + u), f).value - a * Math.log(m + u);
  const lnA0 = x === 0 && tx === 0 ? logSubExp(phiAt(0), phiAt(T)) : logSubExp(phiAt(tx), phiAt(T));
  const lnE = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return { lnE, lnRest: Math.log(s) - Math.log(a) + lnA0 };
}

/** P(alive at T | x, tx, T) = E / (E + s/(r+s+x) A0). */
export function paretoNbdPAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { lnE, lnRest } = bracket(p, x, tx, T);
  if (lnRest === -Infinity) return 1;
  return 1 / (1 + Math.exp(lnRest - lnE));
}

/** E[purchases in (T, T+t] | alive at T] = (r+x)/(α+T) · E[min(τ - T, t)] with τ - T ~ Lomax(s, β+T). */
export function paretoNbdAliveExpectation(p: ParetoNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = p;
  const bT = beta + T;
  const rate = (r + x) / (alpha + T);
  const logRatio = Math.log(bT) - Math.log(bT + t);
  // (β+T)/(s-1) [1 - ((β+T)/(β+T+t))^(s-1)], with the s = 1 limit (β+T) ln(1 + t/(β+T))
  const sm1 = s - 1;
  const expectedLife = Math.abs(sm1) < 1e-12 ? -bT * logRatio : (bT * -Math.expm1(sm1 * logRatio)) / sm1;
  return rate * expectedLife;
}

export function paretoNbdConditionalExpectedPurchases(
  p: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  return paretoNbdAliveExpectation(p, t, x, T) * paretoNbdPAlive(p, x, tx, T);
}

export function paretoNbdExpectedPurchasesNewCustomer(p: ParetoNbdParams, t: number): number {
  return paretoNbdAliveExpectation(p, t, 0, 0);
}

/**
 * P(X(t) = n) for a new customer: the NBD count over min(τ, t), with τ ~ Lomax(s, β):
 * P(τ > t) NBD(n; t) + ∫_0^t f(τ) NBD(n; τ) dτ, the integral by tanh-sinh quadrature.
 */
export function paretoNbdProbabilityOfPurchases(p: ParetoNbdParams, t: number, n: number): number {
  const { r, alpha, s, beta } = p;
  const logNbd = (u: number) =>
    logGamma(r + n) -
    logGamma(r) -
    logGamma(n + 1) +
    r * (Math.log(alpha) - Math.log(alpha + u)) +
    (n > 0 ? n * (Math.log(u) - Math.log(alpha + u)) : 0);
  const survive = Math.exp(s * (Math.log(beta) - Math.log(beta + t)) + logNbd(t));
  const density = (u: number) => Math.exp(Math.log(s) + s * Math.log(beta) - (s + 1) * Math.log(beta + u) + logNbd(u));
  return survive + integrate(density, 0, t, 9);
}

/**
 * E[λ/(λ+μ)] for independent λ ~ gamma(r, α), μ ~ gamma(s, β) (rates α, β):
 * with B = αλ/(αλ+βμ) ~ beta(r, s), λ/(λ+μ) = (β/α) B / (1 - zB), z = 1 - β/α,
 * and Euler's integral gives (β/α) r/(r+s) 2F1(1, r+1; r+s+1; z). z < 1 always.
 */
function purchaseBeforeDropout(r: number, alpha: number, s: number, beta: number): number {
  const h = logHyp2f1(1, r + 1, r + s + 1, 1 - beta / alpha);
  return h.sign * Math.exp(Math.log(beta) - Math.log(alpha) + Math.log(r) - Math.log(r + s) + h.logAbs);
}

/**
 * P(a purchase in (T, T+t] | alive at T). Alive at T, λ | history ~ gamma(r+x, α+T)
 * and μ | history ~ gamma(s, β+T), independent. Given both, the next purchase
 * beats dropout and falls within t with probability λ/(λ+μ) (1 - e^-(λ+μ)t).
 * Averaging, E[λ/(λ+μ) e^-(λ+μ)t] is the same mean under gamma(r+x, α+T+t) and
 * gamma(s, β+T+t), scaled by ((α+T)/(α+T+t))^(r+x) ((β+T)/(β+T+t))^s.
 */
export function paretoNbdPurchaseIfAlive(p: ParetoNbdParams, t: number, x: number, T: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha, s, beta } = p;
  const rx = r + x;
  const now = purchaseBeforeDropout(rx, alpha + T, s, beta + T);
  const logScale = rx * (Math.log(alpha + T) - Math.log(alpha + T + t)) + s * (Math.log(beta + T) - Math.log(beta + T + t));
  const later = purchaseBeforeDropout(rx, alpha + T + t, s, beta + T + t);
  return Math.min(1, Math.max(0, now - Math.exp(logScale) * later));
}

/** Distinct (x, u) pairs of the rows, each with its Φ, and every row's pair. */
interface RowPairs {
  groups: RowGroups;
  x: Float64Array;
  u: Float64Array;
  phi: Float64Array;
}

function pairsOfRows(p: ParetoNbdParams, x: Float64Array, u: Float64Array): RowPairs {
  const groups = groupRows(x, u, null);
  const pairs = { x: Float64Array.from(groups.first, (i) => x[i]!), u: Float64Array.from(groups.first, (i) => u[i]!) };
  const phi = new Float64Array(groups.count);
  pairTerms(p, pairs, phi, null);
  return { groups, ...pairs, phi };
}

/**
 * Scores every row: Φ once per distinct (x, tx) and (x, T), ln E, the
 * s/(r+s+x) share and the expectation if alive once per distinct (x, T); the
 * per-row work is one log-difference and one logistic.
 */
function score(p: ParetoNbdParams, data: FrequencyRecencyData, t: number): CustomerScores {
  validateFrequencyRecency(data);
  const n = data.x.length;
  // as in the likelihood, tx carries no information when x = 0
  const tx0 = new Float64Array(n);
  for (let i = 0; i < n; i++) tx0[i] = data.x[i]! === 0 ? 0 : data.tx[i]!;
  const atT = pairsOfRows(p, data.x, data.T);
  const atTx = pairsOfRows(p, data.x, tx0);
  const nT = atT.groups.count;
  const lnE = new Float64Array(nT);
  const lnShare = new Float64Array(nT);
  const ifAlive = new Float64Array(nT);
  for (let k = 0; k < nT; k++) {
    const x = atT.x[k]!;
    const T = atT.u[k]!;
    lnE[k] = -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T);
    lnShare[k] = Math.log(p.s) - Math.log(p.r + p.s + x);
    ifAlive[k] = paretoNbdAliveExpectation(p, t, x, T);
  }
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  const ofT = atT.groups.groupOf;
  const ofTx = atTx.groups.groupOf;
  for (let i = 0; i < n; i++) {
    const k = ofT[i]!;
    const lnRest = lnShare[k]! + logSubExp(atTx.phi[ofTx[i]!]!, atT.phi[k]!);
    const alive = lnRest === -Infinity ? 1 : 1 / (1 + Math.exp(lnRest - lnE[k]!));
    pAlive[i] = alive;
    expectedPurchases[i] = alive * ifAlive[k]!;
  }
  return { pAlive, expectedPurchases };
}

export const paretoNbd: TransactionModel<ParetoNbdParams> = {
  name: "pareto-nbd",
  paramNames: PARAM_NAMES,
  fit: fitParetoNbd,
  logLikelihood: (params, data) => paretoNbdLogLikelihoodPrepared(params, prepareData(data), null),
  pAlive: paretoNbdPAlive,
  conditionalExpectedPurchases: paretoNbdConditionalExpectedPurchases,
  expectedPurchasesNewCustomer: paretoNbdExpectedPurchasesNewCustomer,
  probabilityOfPurchases: paretoNbdProbabilityOfPurchases,
  score,
  purchaseIfAlive: paretoNbdPurchaseIfAlive,
  medianPurchaseGap,
};
