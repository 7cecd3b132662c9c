import { bgNbd } from "../btyd/bg-nbd.ts";
import { gammaGamma } from "../btyd/gamma-gamma.ts";
import { mbgNbd } from "../btyd/mbg-nbd.ts";
import { paretoNbd } from "../btyd/pareto-nbd.ts";
import type { FitResult, ParamMap, SpendModel, TransactionModel } from "../btyd/types.ts";
import type { ClvModels, TransactionModelName } from "./clv-models.ts";

/**
 * The production model maths from lib/analytics/btyd, behind the run's
 * model-agnostic interface. The run passes parameters around as a plain map
 * (they are stored as JSON with the run); these adapters check the map has
 * every parameter the model needs before handing it over.
 */
export async function defaultClvModels(): Promise<ClvModels> {
  const transactionModels: Record<TransactionModelName, TransactionModel> = {
    "bg-nbd": anyParams(bgNbd),
    "mbg-nbd": anyParams(mbgNbd),
    "pareto-nbd": anyParams(paretoNbd),
  };
  return { transaction: (name) => transactionModels[name], spend: anySpendParams(gammaGamma) };
}

function checked<P extends ParamMap>(names: readonly (keyof P & string)[], params: ParamMap): P {
  for (const name of names) {
    if (!Number.isFinite(params[name])) throw new Error(`Model parameter ${name} is missing or not finite.`);
  }
  return params as P;
}

function erasedFit<P extends ParamMap>(fit: FitResult<P>): FitResult {
  return { ...fit, params: { ...fit.params }, standardErrors: { ...fit.standardErrors }, paramNames: [...fit.paramNames] };
}

function anyParams<P extends ParamMap>(model: TransactionModel<P>): TransactionModel {
  const p = (params: ParamMap) => checked<P>(model.paramNames, params);
  return {
    name: model.name,
    paramNames: model.paramNames,
    fit: (data, options) => erasedFit(model.fit(data, options)),
    logLikelihood: (params, data) => model.logLikelihood(p(params), data),
    pAlive: (params, x, tx, T) => model.pAlive(p(params), x, tx, T),
    conditionalExpectedPurchases: (params, t, x, tx, T) => model.conditionalExpectedPurchases(p(params), t, x, tx, T),
    expectedPurchasesNewCustomer: (params, t) => model.expectedPurchasesNewCustomer(p(params), t),
    probabilityOfPurchases: (params, t, n) => model.probabilityOfPurchases(p(params), t, n),
    score: (params, data, t) => model.score(p(params), data, t),
    purchaseIfAlive: (params, t, x, T) => model.purchaseIfAlive(p(params), t, x, T),
    medianPurchaseGap: (params, x, tx) => model.medianPurchaseGap(p(params), x, tx),
  };
}

function anySpendParams<P extends ParamMap>(model: SpendModel<P>): SpendModel {
  const p = (params: ParamMap) => checked<P>(model.paramNames, params);
  return {
    name: model.name,
    paramNames: model.paramNames,
    fit: (data, options) => erasedFit(model.fit(data, options)),
    logLikelihood: (params, data) => model.logLikelihood(p(params), data),
    conditionalExpectedAverageSpend: (params, x, m) => model.conditionalExpectedAverageSpend(p(params), x, m),
    populationMeanSpend: (params) => model.populationMeanSpend(p(params)),
  };
}
