import type {
  DiscretePeriodData,
  DiscreteTransactionModel,
  FitResult,
  FrequencyRecencyData,
  ParamMap,
  SpendData,
  SpendModel,
  TransactionModel,
} from "../btyd/types.ts";
import type { PurchaseModel } from "./parse-cli-args.ts";
import { scorePatterns } from "./score-patterns.ts";

/** What the CLI prints about any fit; parameter names are the model's own. */
export interface FitSummary {
  params: Record<string, number>;
  logLikelihood: number;
  standardErrors: Record<string, number>;
  customers: number;
  aic: number;
  bic: number;
  converged: boolean;
}

export interface FittedPurchaseModel {
  fit: FitSummary;
  /** P(alive) and E[purchases in the next t] per (x, tx, T) row. */
  score(data: FrequencyRecencyData, t: number): { pAlive: Float64Array; expectedPurchases: Float64Array };
  conditionalExpectedPurchases(t: number, x: number, tx: number, T: number): number;
}

export interface FittedSpendModel {
  fit: FitSummary;
  /** E[mean spend | x, m]; NaN where it is undefined (x = 0 and q <= 1). */
  expectedSpend(x: number, monetaryValue: number): number;
}

export interface FittedDiscreteModel {
  fit: FitSummary;
  pAlive(x: number, tx: number, n: number): number;
  conditionalExpectedPurchases(nStar: number, x: number, tx: number, n: number): number;
}

/**
 * The models the command line can fit. Each entry fits and returns the fitted
 * model with its parameters bound, so the CLI never handles model-specific
 * parameter types. Bound to the project's implementations in btyd-models.ts.
 */
export interface CliModels {
  purchase: Record<PurchaseModel, { fit(data: FrequencyRecencyData): FittedPurchaseModel }>;
  spend: { fit(data: SpendData): FittedSpendModel };
  discrete: { fit(data: DiscretePeriodData): FittedDiscreteModel };
}

function summarize<P extends ParamMap>(result: FitResult<P>): FitSummary {
  return {
    params: { ...result.params },
    logLikelihood: result.logLikelihood,
    standardErrors: { ...result.standardErrors },
    customers: result.customers,
    aic: result.aic,
    bic: result.bic,
    converged: result.converged,
  };
}

export function bindPurchaseModel<P extends ParamMap>(model: TransactionModel<P>): CliModels["purchase"]["bg-nbd"] {
  return {
    fit(data) {
      const result = model.fit(data);
      const params = result.params;
      return {
        fit: summarize(result),
        score: (rows, t) => scorePatterns(model, params, rows, t),
        conditionalExpectedPurchases: (t, x, tx, T) => model.conditionalExpectedPurchases(params, t, x, tx, T),
      };
    },
  };
}

export function bindSpendModel<P extends ParamMap>(model: SpendModel<P>): CliModels["spend"] {
  return {
    fit(data) {
      const result = model.fit(data);
      const params = result.params;
      let populationMean: number;
      try {
        populationMean = model.populationMeanSpend(params);
      } catch {
        // q <= 1: the spend distribution has no finite mean (the model says so by throwing).
        populationMean = Number.NaN;
      }
      return {
        fit: summarize(result),
        expectedSpend: (x, m) => (x === 0 ? populationMean : model.conditionalExpectedAverageSpend(params, x, m)),
      };
    },
  };
}

export function bindDiscreteModel<P extends ParamMap>(model: DiscreteTransactionModel<P>): CliModels["discrete"] {
  return {
    fit(data) {
      const result = model.fit(data);
      const params = result.params;
      return {
        fit: summarize(result),
        pAlive: (x, tx, n) => model.pAlive(params, x, tx, n),
        conditionalExpectedPurchases: (nStar, x, tx, n) => model.conditionalExpectedPurchases(params, nStar, x, tx, n),
      };
    },
  };
}
