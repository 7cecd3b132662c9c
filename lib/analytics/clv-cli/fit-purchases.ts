import type { FrequencyRecencyData } from "../btyd/types.ts";
import { CliError } from "./cli-error.ts";
import type { CliModels, FittedPurchaseModel } from "./cli-models.ts";

/**
 * Fits a purchase model on distinct (x, tx, T) patterns. Customers whose
 * first purchase falls on the observation end (T = 0) have had no time to
 * show anything: their likelihood is 1 under BG/NBD, MBG/NBD and Pareto/NBD,
 * so they add nothing to the fit (and the fitting code refuses T = 0). They
 * are left out of the fit and its customer count but still get predictions.
 */
export function fitPurchases(
  model: CliModels["purchase"]["bg-nbd"],
  patterns: FrequencyRecencyData,
  file: string,
): FittedPurchaseModel {
  const keep: number[] = [];
  for (let i = 0; i < patterns.T.length; i++) if (patterns.T[i]! > 0) keep.push(i);
  if (keep.length === 0) {
    throw new CliError(`${file}: every customer's first purchase is on the observation end, so there is nothing to fit`);
  }
  const pick = (column: Float64Array) => Float64Array.from(keep, (i) => column[i]!);
  return model.fit({ x: pick(patterns.x), tx: pick(patterns.tx), T: pick(patterns.T), weight: pick(patterns.weight) });
}
