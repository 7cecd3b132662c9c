import { calibrationHoldoutTable, type CalibrationHoldoutTable } from "../diagnostics/calibration-holdout-table.ts";
import { compressSummary } from "../summary/compress-summary.ts";
import { fitPurchases } from "./fit-purchases.ts";
import type { CliModels, FitSummary } from "./cli-models.ts";
import { fitSpend } from "./fit-spend.ts";
import { loadSummary } from "./load-summary.ts";
import type { FitCommand } from "./parse-cli-args.ts";
import { readDiscreteSummaryCsv } from "./read-summary-csv.ts";

/** The JSON `fit` prints; key names are part of the CLI's contract. */
export interface FitOutput {
  model: string;
  timeUnit: string;
  params: Record<string, number>;
  logLikelihood: number;
  standardErrors: Record<string, number>;
  customers: number;
  aic: number;
  bic: number;
  converged: boolean;
  calibrationHoldout?: CalibrationHoldoutTable;
}

function toOutput(command: FitCommand, fit: FitSummary): FitOutput {
  return {
    model: command.model,
    timeUnit: command.model === "bg-bb" ? "period" : command.timeUnit,
    params: fit.params,
    logLikelihood: fit.logLikelihood,
    standardErrors: fit.standardErrors,
    customers: fit.customers,
    aic: fit.aic,
    bic: fit.bic,
    converged: fit.converged,
  };
}

export async function runFit(command: FitCommand, models: CliModels): Promise<FitOutput> {
  const { model, input } = command;
  if (model === "bg-bb") {
    const rows = await readDiscreteSummaryCsv(input.file, { customerCol: input.customerCol });
    return toOutput(command, models.discrete.fit(rows).fit);
  }
  const loaded = await loadSummary(input, command.timeUnit, { requireMonetary: model === "gamma-gamma" });
  if (model === "gamma-gamma") return toOutput(command, fitSpend(loaded, models.spend, input.file).fit);

  const purchaseModel = models.purchase[model];
  // Customers sharing (x, tx, T) share a likelihood term: fit the distinct patterns, weighted.
  const { data: patterns, rowGroup } = compressSummary(loaded.data);
  const fitted = fitPurchases(purchaseModel, patterns, input.file);
  const output = toOutput(command, fitted.fit);
  if (loaded.holdout) {
    const { duration } = loaded.holdout;
    const perPattern = fitted.score(patterns, duration).expectedPurchases;
    output.calibrationHoldout = calibrationHoldoutTable({
      calibration: loaded.data,
      holdoutPurchases: loaded.holdout.purchases,
      holdoutDuration: duration,
      predictedHoldoutPurchases: Float64Array.from(rowGroup, (g) => perPattern[g]!),
    });
  }
  return output;
}
