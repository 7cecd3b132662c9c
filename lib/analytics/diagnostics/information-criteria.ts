/**
 * Information criteria for comparing models fitted to the same customers.
 * BIC's sample size is the number of customers (the independent units of the
 * likelihood), not the number of transactions, as in CLVTools.
 */
export function akaikeInformationCriterion(logLikelihood: number, parameterCount: number): number {
  return 2 * parameterCount - 2 * logLikelihood;
}

export function bayesianInformationCriterion(logLikelihood: number, parameterCount: number, customers: number): number {
  if (!(customers > 0)) throw new RangeError("BIC needs at least one customer");
  return parameterCount * Math.log(customers) - 2 * logLikelihood;
}
