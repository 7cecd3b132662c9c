import { compressSummary } from "../summary/compress-summary.ts";
import type { CliModels } from "./cli-models.ts";
import { usageError } from "./cli-error.ts";
import { discountedExpectedPurchases } from "./discounted-purchases.ts";
import { fitSpend } from "./fit-spend.ts";
import { loadSummary } from "./load-summary.ts";
import type { PredictCommand } from "./parse-cli-args.ts";
import { readDiscreteSummaryCsv } from "./read-summary-csv.ts";

export type CsvCell = string | number | null;

/** Fully computed output: nothing reaches stdout until every value exists. */
export interface CsvTable {
  header: readonly string[];
  rowCount: number;
  row(i: number): readonly CsvCell[];
  /** Non-fatal notes for stderr (e.g. an optimiser that did not converge). */
  warnings: string[];
}

export const PREDICT_COLUMNS = [
  "customer_id",
  "frequency",
  "recency",
  "T",
  "monetary_value",
  "p_alive",
  "expected_purchases",
  "clv",
] as const;

export const PREDICT_COLUMNS_BG_BB = [
  "customer_id",
  "frequency",
  "recency",
  "periods",
  "weight",
  "p_alive",
  "expected_purchases",
] as const;

const notConverged = (what: string) => `warning: the ${what} fit did not converge; treat its numbers with care`;

export async function runPredict(command: PredictCommand, models: CliModels): Promise<CsvTable> {
  const { model, input, horizon, discountRate } = command;
  if (model === "bg-bb") {
    if (!Number.isInteger(horizon)) throw usageError("--horizon: bg-bb forecasts whole periods");
    const rows = await readDiscreteSummaryCsv(input.file, { customerCol: input.customerCol });
    const fit = models.discrete.fit(rows);
    const pAlive = rows.x.map((x, i) => models.discrete.pAlive(fit.params, x, rows.tx[i]!, rows.n[i]!));
    const expected = rows.x.map((x, i) =>
      models.discrete.conditionalExpectedPurchases(fit.params, horizon, x, rows.tx[i]!, rows.n[i]!),
    );
    return {
      header: PREDICT_COLUMNS_BG_BB,
      rowCount: rows.x.length,
      row: (i) => [rows.customerIds[i]!, rows.x[i]!, rows.tx[i]!, rows.n[i]!, rows.weight[i]!, pAlive[i]!, expected[i]!],
      warnings: fit.converged ? [] : [notConverged(model)],
    };
  }

  const loaded = await loadSummary(input, command.timeUnit, { requireMonetary: false });
  const purchaseModel = models.purchase[model];
  const { data: patterns, rowGroup } = compressSummary(loaded.data);
  const fit = purchaseModel.fit(patterns);
  const warnings = fit.converged ? [] : [notConverged(model)];
  const pAlive = new Float64Array(patterns.x.length);
  const expected = new Float64Array(patterns.x.length);
  // Discounting spreads the horizon's purchases over periods, so it has its own per-pattern sum.
  const discounted = discountRate === null ? expected : new Float64Array(patterns.x.length);
  for (let g = 0; g < patterns.x.length; g++) {
    const x = patterns.x[g]!;
    const tx = patterns.tx[g]!;
    const T = patterns.T[g]!;
    pAlive[g] = purchaseModel.pAlive(fit.params, x, tx, T);
    const cumulative = (t: number) => purchaseModel.conditionalExpectedPurchases(fit.params, t, x, tx, T);
    expected[g] = cumulative(horizon);
    if (discountRate !== null) discounted[g] = discountedExpectedPurchases(cumulative, horizon, discountRate);
  }

  let expectedSpend: Float64Array | null = null;
  const monetary = loaded.monetaryValue;
  if (monetary !== null) {
    const spendFit = fitSpend(loaded, models.spend, input.file);
    if (!spendFit.converged) warnings.push(notConverged("gamma-gamma"));
    expectedSpend = loaded.data.x.map((x, i) => models.spend.expectedSpend(spendFit.params, x, monetary[i]!));
  }

  const { x, tx, T } = loaded.data;
  return {
    header: PREDICT_COLUMNS,
    rowCount: x.length,
    row: (i) => {
      const g = rowGroup[i]!;
      return [
        loaded.customerIds[i]!,
        x[i]!,
        tx[i]!,
        T[i]!,
        monetary === null ? null : monetary[i]!,
        pAlive[g]!,
        expected[g]!,
        expectedSpend === null ? null : discounted[g]! * expectedSpend[i]!,
      ];
    },
    warnings,
  };
}
