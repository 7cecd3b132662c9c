/** The chi-square distribution with k > 0 degrees of freedom. */
import { regularizedLowerGamma, regularizedUpperGamma } from "./regularized-gamma.ts";

export function chiSquareCdf(x: number, df: number): number {
  if (x <= 0) return 0;
  return regularizedLowerGamma(df / 2, x / 2);
}

/** P(X > x), the p-value of a chi-square statistic, without 1 - CDF cancellation. */
export function chiSquareSurvival(x: number, df: number): number {
  if (x <= 0) return 1;
  return regularizedUpperGamma(df / 2, x / 2);
}
