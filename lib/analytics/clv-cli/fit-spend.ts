import { spendDataFromSummary } from "../summary/spend-data.ts";
import { CliError } from "./cli-error.ts";
import type { CliModels, FittedSpendModel } from "./cli-models.ts";
import type { LoadedSummary } from "./load-summary.ts";

/**
 * Fits Gamma-Gamma on the customers with repeat purchases. The model is a
 * gamma mixture of positive spends, so a zero or negative mean (returns
 * netting out a purchase) is refused with the customer it came from.
 */
export function fitSpend(loaded: LoadedSummary, spend: CliModels["spend"], file: string): FittedSpendModel {
  if (loaded.monetaryValue === null) throw new CliError(`${file}: no amounts to model spend with`);
  const spendData = spendDataFromSummary({
    x: loaded.data.x,
    monetaryValue: loaded.monetaryValue,
    weight: loaded.data.weight,
  });
  if (spendData.x.length === 0) {
    throw new CliError(`${file}: no customer has a repeat purchase, so there is no spend for Gamma-Gamma to fit`);
  }
  for (let i = 0; i < spendData.x.length; i++) {
    const m = spendData.monetaryValue[i]!;
    if (!(m > 0)) {
      throw new CliError(
        `${loaded.describeRow(spendData.rows[i]!)}: mean repeat spend ${m} is not positive (Gamma-Gamma needs positive amounts)`,
      );
    }
  }
  return spend.fit(spendData);
}
