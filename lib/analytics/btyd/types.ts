/**
 * Shared shapes of the "buy till you die" models. Pure maths: numbers in,
 * numbers out; no database, no I/O.
 *
 * Conventions (as in the papers and in CLVTools / lifetimes):
 * - x: number of repeat purchase periods (purchases on the same day count once),
 * - tx: time of the last purchase, measured from the first purchase,
 * - T: time from the first purchase to the end of calibration,
 * all in the caller's time unit (days or weeks = days / 7, never rounded).
 */

/** Per-customer (or per-pattern) summaries in columnar typed arrays. */
export interface FrequencyRecencyData {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** How many customers share this (x, tx, T) row; 1 for ungrouped data. */
  weight: Float64Array;
}

/** Spend summaries for Gamma-Gamma: customers with x > 0 only. */
export interface SpendData {
  x: Float64Array;
  /** Mean of the repeat purchases' amounts. */
  monetaryValue: Float64Array;
  weight: Float64Array;
}

/** Discrete-period data for BG/BB: n opportunities, x transactions, last at period tx. */
export interface DiscretePeriodData {
  x: Float64Array;
  tx: Float64Array;
  n: Float64Array;
  weight: Float64Array;
}

export type ParamMap = Readonly<Record<string, number>>;

export interface FitOptions {
  /** Extra starting points on the log-parameter scale; several are always tried. */
  starts?: number[][];
  maxIterations?: number;
  /** Gradient tolerance on the log-parameter scale. */
  tolerance?: number;
  /** Optional L2 penalty on parameters (as lifetimes' penalizer_coef); 0 by default. */
  penalizer?: number;
}

export interface FitResult<P extends ParamMap = ParamMap> {
  model: ModelName;
  params: P;
  logLikelihood: number;
  /** Standard errors of the natural (not log) parameters, by name. */
  standardErrors: Record<keyof P & string, number>;
  /** Parameter names in the order the covariance matrix uses. */
  paramNames: (keyof P & string)[];
  /** Covariance of the natural parameters (delta method from the log scale Hessian). */
  covariance: number[][];
  /** Sum of weights: the number of customers the fit saw. */
  customers: number;
  aic: number;
  bic: number;
  converged: boolean;
  iterations: number;
}

export type ModelName = "bg-nbd" | "mbg-nbd" | "pareto-nbd" | "gamma-gamma" | "bg-bb";

/** What every continuous-time transaction model (BG/NBD, MBG/NBD, Pareto/NBD) offers. */
export interface TransactionModel<P extends ParamMap = ParamMap> {
  name: ModelName;
  paramNames: readonly (keyof P & string)[];
  fit(data: FrequencyRecencyData, options?: FitOptions): FitResult<P>;
  logLikelihood(params: P, data: FrequencyRecencyData): number;
  /** P(customer still alive at T | x, tx, T). */
  pAlive(params: P, x: number, tx: number, T: number): number;
  /** E[purchases in (T, T + t] | x, tx, T]. */
  conditionalExpectedPurchases(params: P, t: number, x: number, tx: number, T: number): number;
  /** E[X(t)] for a customer just acquired. */
  expectedPurchasesNewCustomer(params: P, t: number): number;
  /** P(X(t) = n) for a new customer. */
  probabilityOfPurchases(params: P, t: number, n: number): number;
  /**
   * Vectorised scoring of every row at horizon t: the same numbers as pAlive and
   * conditionalExpectedPurchases, with the shared work done once per distinct value.
   */
  score(params: P, data: FrequencyRecencyData, t: number): CustomerScores;
  /** P(at least one purchase in (T, T + t] | alive at T, x repeat purchases over T); see next-purchase.ts. */
  purchaseIfAlive(params: P, t: number, x: number, T: number): number;
  /** Median time from the last purchase (at tx) to the next, for a customer who keeps buying; see next-purchase.ts. */
  medianPurchaseGap(params: P, x: number, tx: number): number;
}

/** Per-row outputs of TransactionModel.score, aligned with the input rows. */
export interface CustomerScores {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
}

/** Gamma-Gamma spend model: the spend analogue of TransactionModel. */
export interface SpendModel<P extends ParamMap = ParamMap> {
  name: ModelName;
  paramNames: readonly (keyof P & string)[];
  fit(data: SpendData, options?: FitOptions): FitResult<P>;
  logLikelihood(params: P, data: SpendData): number;
  /** E[mean spend per transaction | x repeat purchases averaging monetaryValue]. */
  conditionalExpectedAverageSpend(params: P, x: number, monetaryValue: number): number;
  /** Mean spend per transaction across the population; throws when q <= 1 (undefined). */
  populationMeanSpend(params: P): number;
}

/** BG/BB and other discrete-opportunity models: the discrete analogue of TransactionModel. */
export interface DiscreteTransactionModel<P extends ParamMap = ParamMap> {
  name: ModelName;
  paramNames: readonly (keyof P & string)[];
  fit(data: DiscretePeriodData, options?: FitOptions): FitResult<P>;
  logLikelihood(params: P, data: DiscretePeriodData): number;
  /** P(alive in period n + 1 | x, tx, n). */
  pAlive(params: P, x: number, tx: number, n: number): number;
  /** E[transactions in periods n+1 .. n+nStar | x, tx, n]. */
  conditionalExpectedPurchases(params: P, nStar: number, x: number, tx: number, n: number): number;
  /** E[X(n)] for a customer just acquired. */
  expectedPurchasesNewCustomer(params: P, n: number): number;
  /** P(X(n) = k) for a customer just acquired. */
  probabilityOfPurchases(params: P, n: number, k: number): number;
  /** P(at least one transaction in periods n+1 .. n+nStar | x, tx, n): the model's conditional PMF at zero, complemented. */
  probabilityOfPurchaseWithin(params: P, nStar: number, x: number, tx: number, n: number): number;
}
