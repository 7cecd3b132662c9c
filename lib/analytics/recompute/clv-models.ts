import type { FitResult, ParamMap, SpendData, TransactionModel } from "../btyd/types.ts";

/**
 * What the CLV run needs from the model maths (lib/analytics/btyd): a
 * transaction model chosen by name and a spend model. Kept as an interface so
 * the run can be exercised with any implementation of the same shapes.
 */

export type TransactionModelName = "bg-nbd" | "mbg-nbd" | "pareto-nbd";

export interface SpendModel {
  fit(data: SpendData): FitResult;
  /** E[mean spend per purchase | x repeat purchases with mean monetaryValue]. */
  conditionalExpectedSpend(params: ParamMap, x: number, monetaryValue: number): number;
  /** Mean spend per purchase of a customer we know nothing about. */
  populationMeanSpend(params: ParamMap): number;
}

export interface ClvModels {
  transaction(name: TransactionModelName): TransactionModel;
  spend: SpendModel;
}
