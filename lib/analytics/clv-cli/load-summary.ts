import type { FrequencyRecencyData } from "../btyd/types.ts";
import { formatCalendarDay } from "../summary/calendar-day.ts";
import { summarizeTransactions, type HoldoutSummary, type TimeUnit } from "../summary/summarize-transactions.ts";
import { CliError } from "./cli-error.ts";
import type { InputSource } from "./parse-cli-args.ts";
import { readSummaryCsv } from "./read-summary-csv.ts";
import { readTransactionsCsv } from "./read-transactions-csv.ts";

export interface LoadedSummary {
  customerIds: string[];
  data: FrequencyRecencyData;
  /** Mean repeat spend per customer (0 without repeats); null when the input has no amounts. */
  monetaryValue: Float64Array | null;
  holdout: HoldoutSummary | null;
  /** Where row i came from, for error messages: a customer id or a file line. */
  describeRow(i: number): string;
}

/** Per-customer (x, tx, T) from either input kind, in the requested time unit. */
export async function loadSummary(
  input: InputSource,
  timeUnit: TimeUnit,
  options: { requireMonetary: boolean },
): Promise<LoadedSummary> {
  if (input.kind === "summary") {
    const rows = await readSummaryCsv(input.file, {
      customerCol: input.customerCol,
      requireMonetary: options.requireMonetary,
    });
    return {
      customerIds: rows.customerIds,
      data: { x: rows.x, tx: rows.tx, T: rows.T, weight: rows.weight },
      monetaryValue: rows.monetaryValue,
      holdout: null,
      describeRow: (i) => `${input.file} data row ${i + 1}`,
    };
  }
  const transactions = await readTransactionsCsv({
    file: input.file,
    customerCol: input.customerCol,
    dateCol: input.dateCol,
    amountCol: input.amountCol,
    requireAmounts: options.requireMonetary || input.amountColExplicit,
  });
  const summary = summarizeTransactions(transactions, {
    observationEndDay: input.observationEndDay,
    ...(input.holdoutEndDay === null ? {} : { holdoutEndDay: input.holdoutEndDay }),
    timeUnit,
  });
  if (summary.customerIds.length === 0) {
    throw new CliError(
      `${input.file}: no customer made a first purchase on or before the observation end (${formatCalendarDay(input.observationEndDay)})`,
    );
  }
  return {
    customerIds: summary.customerIds,
    data: summary,
    monetaryValue: transactions.amount ? summary.monetaryValue : null,
    holdout: summary.holdout,
    describeRow: (i) => `customer "${summary.customerIds[i]}"`,
  };
}
