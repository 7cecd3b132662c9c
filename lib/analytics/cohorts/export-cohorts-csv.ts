import { csvLine } from "../../segments/csv-line.ts";
import { periodStartDate } from "./cohort-matrix.ts";
import type { CohortQuery } from "./cohort-query.schema.ts";
import { readCohortMatrix } from "./read-cohorts.ts";

export const COHORT_EXPORT_COLUMNS = [
  "cohort_start",
  "breakdown_value",
  "cohort_size",
  "period_index",
  "period_start",
  "metric",
  "value",
  "customers",
  "actual_repeat_purchases_per_customer",
  "expected_repeat_purchases_per_customer",
] as const;

/**
 * The cohort matrix the page shows, as CSV lines (header first): one line
 * per cell. Dates are calendar days in the workspace time zone, as the
 * periods are. The matrix is a few thousand cells at most (bounded by the
 * number of cohorts asked for), read once from the aggregates.
 */
export async function* exportCohortsCsv(workspaceId: number, query: CohortQuery, signal?: AbortSignal): AsyncGenerator<string> {
  const matrix = await readCohortMatrix(workspaceId, query, { signal });
  yield csvLine(COHORT_EXPORT_COLUMNS);
  for (const row of matrix.cohorts) {
    for (const cell of row.cells) {
      yield csvLine([
        row.cohort,
        row.breakdownValue,
        String(row.cohortSize),
        String(cell.periodIndex),
        periodStartDate(matrix.period, row.cohort, cell.periodIndex),
        matrix.metric,
        String(cell.value),
        String(cell.customers),
        String(row.actualRepeatPurchasesPerCustomer),
        row.expectedRepeatPurchasesPerCustomer === null ? null : String(row.expectedRepeatPurchasesPerCustomer),
      ]);
    }
  }
}
