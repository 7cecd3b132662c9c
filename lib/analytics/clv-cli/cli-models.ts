import type {
  DiscretePeriodData,
  FitResult,
  ParamMap,
  SpendData,
  TransactionModel,
} from "../btyd/types.ts";
import type { PurchaseModel } from "./parse-cli-args.ts";

/** Gamma-Gamma as the CLI uses it. */
export interface CliSpendModel {
  fit(data: SpendData): FitResult;
  /** E[mean spend per purchase | x repeat purchases averaging m]; the population mean for x = 0. */
  expectedSpend(params: ParamMap, x: number, m: number): number;
}

/** BG/BB as the CLI uses it (n periods, x transactions, the last in period tx). */
export interface CliDiscreteModel {
  fit(data: DiscretePeriodData): FitResult;
  pAlive(params: ParamMap, x: number, tx: number, n: number): number;
  /** E[transactions in the next nStar periods | x, tx, n]. */
  conditionalExpectedPurchases(params: ParamMap, nStar: number, x: number, tx: number, n: number): number;
}

/** The models the command line can fit, bound once in scripts/clv.ts. */
export interface CliModels {
  purchase: Record<PurchaseModel, TransactionModel>;
  spend: CliSpendModel;
  discrete: CliDiscreteModel;
}
