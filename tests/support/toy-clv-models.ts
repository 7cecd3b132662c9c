import { scoreRows } from "../../lib/analytics/btyd/score-rows.ts";
import type { FitResult, SpendModel, TransactionModel } from "../../lib/analytics/btyd/types.ts";
import type { ClvModels } from "../../lib/analytics/recompute/clv-models.ts";

/**
 * A deliberately simple stand-in for the model maths, to check the plumbing
 * (summaries → patterns → scores → rows) against values the test computes on
 * its own: Poisson buying at one rate λ (so a purchase within t has probability
 * 1 - e^-λt and the median gap is ln 2 / λ), "alive" decaying with the time since
 * the last purchase, spend shrunk halfway to the population mean.
 */
export function toyModels(): ClvModels {
  const pAlive = (_p: Readonly<Record<string, number>>, _x: number, tx: number, T: number) => Math.exp(-(T - tx) / 50);
  const transaction: TransactionModel = {
    name: "bg-nbd",
    paramNames: ["lambda"],
    fit(data) {
      let xs = 0;
      let ts = 0;
      for (let i = 0; i < data.x.length; i++) {
        xs += (data.weight[i] ?? 0) * (data.x[i] ?? 0);
        ts += (data.weight[i] ?? 0) * (data.T[i] ?? 0);
      }
      return fitResult({ lambda: xs / ts });
    },
    logLikelihood: () => 0,
    pAlive,
    conditionalExpectedPurchases: (p, t, x, tx, T) => pAlive(p, x, tx, T) * (p.lambda ?? 0) * t,
    expectedPurchasesNewCustomer: (p, t) => (p.lambda ?? 0) * t,
    score: (p, data, t) => scoreRows(data, (x, tx, T) => pAlive(p, x, tx, T), () => (p.lambda ?? 0) * t),
    purchaseIfAlive: (p, t) => -Math.expm1(-(p.lambda ?? 0) * t),
    medianPurchaseGap: (p) => Math.LN2 / (p.lambda ?? 0),
    probabilityOfPurchases: (p, t, n) => {
      const mu = (p.lambda ?? 0) * t;
      let log = -mu + n * Math.log(mu);
      for (let k = 2; k <= n; k++) log -= Math.log(k);
      return Math.exp(log);
    },
  };
  const spend: SpendModel = {
    name: "gamma-gamma",
    paramNames: ["mean"],
    logLikelihood: () => 0,
    fit(data) {
      let total = 0;
      let weight = 0;
      for (let i = 0; i < data.x.length; i++) {
        total += (data.weight[i] ?? 0) * (data.monetaryValue[i] ?? 0);
        weight += data.weight[i] ?? 0;
      }
      return fitResult({ mean: total / weight });
    },
    conditionalExpectedAverageSpend: (p, x, m) => (x > 0 ? (m + (p.mean ?? 0)) / 2 : (p.mean ?? 0)),
    populationMeanSpend: (p) => p.mean ?? 0,
  };
  return { transaction: () => transaction, spend };
}

function fitResult(params: Record<string, number>): FitResult {
  const names = Object.keys(params);
  return {
    model: "bg-nbd",
    params,
    logLikelihood: -1,
    standardErrors: Object.fromEntries(names.map((n) => [n, 0])),
    paramNames: names,
    covariance: names.map(() => names.map(() => 0)),
    customers: 0,
    aic: 0,
    bic: 0,
    converged: true,
    iterations: 1,
  };
}

