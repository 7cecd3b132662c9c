import { compressSummary } from "../summary/compress-summary.ts";
import type { CliModels } from "./cli-models.ts";
import { usageError } from "./cli-error.ts";
import { discountedExpectedPurchases } from "./discounted-purchases.ts";
import { fitPurchases } from "./fit-purchases.ts";
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

async function predictDiscrete(command: PredictCommand, models: CliModels): Promise<CsvTable> {
  const { horizon, input } = command;
  if (!Number.isInteger(horizon)) throw usageError("--horizon: bg-bb forecasts whole periods");
  const rows = await readDiscreteSummaryCsv(input.file, { customerCol: input.customerCol });
  const fitted = models.discrete.fit(rows);
  const pAlive = rows.x.map((x, i) => fitted.pAlive(x, rows.tx[i]!, rows.n[i]!));
  const expected = rows.x.map((x, i) => fitted.conditionalExpectedPurchases(horizon, x, rows.tx[i]!, rows.n[i]!));
  return {
    header: PREDICT_COLUMNS_BG_BB,
    rowCount: rows.x.length,
    row: (i) => [rows.customerIds[i]!, rows.x[i]!, rows.tx[i]!, rows.n[i]!, rows.weight[i]!, pAlive[i]!, expected[i]!],
    warnings: fitted.fit.converged ? [] : [notConverged("bg-bb")],
  };
}

/**
 * Per customer: P(alive), expected purchases in the next `horizon` time units
 * and, when the input has amounts, CLV = (discounted) expected purchases x
 * Gamma-Gamma expected spend per purchase, both fitted on the same customers.
 */
export async function runPredict(command: PredictCommand, models: CliModels): Promise<CsvTable> {
  const { model, input, horizon, discountRate } = command;
  if (model === "bg-bb") return predictDiscrete(command, models);

  const loaded = await loadSummary(input, command.timeUnit, { requireMonetary: false });
  const { data: patterns, rowGroup } = compressSummary(loaded.data);
  const fitted = fitPurchases(models.purchase[model], patterns, input.file);
  const warnings = fitted.fit.converged ? [] : [notConverged(model)];
  const { pAlive, expectedPurchases: expected } = fitted.score(patterns, horizon);
  const discounted =
    discountRate === null
      ? expected
      : discountedExpectedPurchases(
          (t) => (t === horizon ? expected : fitted.score(patterns, t).expectedPurchases),
          horizon,
          discountRate,
        );

  let expectedSpend: Float64Array | null = null;
  const monetary = loaded.monetaryValue;
  if (monetary !== null) {
    const spend = fitSpend(loaded, models.spend, input.file);
    if (!spend.fit.converged) warnings.push(notConverged("gamma-gamma"));
    expectedSpend = loaded.data.x.map((x, i) => spend.expectedSpend(x, monetary[i]!));
    if (expectedSpend.some(Number.isNaN)) {
      warnings.push(
        `warning: Gamma-Gamma q = ${spend.fit.params.q} <= 1 leaves mean spend undefined; clv is empty for customers without repeat purchases`,
      );
    }
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
