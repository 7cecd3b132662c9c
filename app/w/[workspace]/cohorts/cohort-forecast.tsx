import type { CohortRowView } from "@/lib/analytics/cohorts/cohort-matrix";
import { formatNumber } from "@/lib/format";
import { Table, Td, Th } from "@/components/ui/table";

/**
 * Per cohort, repeat purchase days per original customer to date against what
 * the fitted model expected for customers of the same ages: where the two part,
 * the model is off for that cohort (a campaign, a season, a change in who was
 * acquired).
 */
export function CohortForecast({ rows, model, breakdown }: { rows: CohortRowView[]; model: string | null; breakdown: boolean }) {
  if (model === null) {
    return (
      <p className="text-sm text-slate-600">
        No fitted value model yet: the forecast appears after a CLV run has fitted one (runs start nightly, after imports, or with “Recompute now” on the LTV &amp; Churn page).
      </p>
    );
  }
  return (
    <>
      <p className="mb-3 text-xs text-slate-500">
        Model: {model}, from the latest successful CLV run. Purchases are purchase days (orders on one day count once), as the model counts them.
      </p>
      <Table caption="Actual and expected repeat purchases per customer, by cohort">
        <thead>
          <tr>
            <Th>Cohort</Th>
            {breakdown ? <Th>Value</Th> : null}
            <Th className="text-right">Customers</Th>
            <Th className="text-right">Actual (per customer)</Th>
            <Th className="text-right">Expected (per customer)</Th>
            <Th className="text-right">Actual − expected</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => {
            const diff = r.expectedRepeatPurchasesPerCustomer === null ? null : r.actualRepeatPurchasesPerCustomer - r.expectedRepeatPurchasesPerCustomer;
            return (
              <tr key={`${r.breakdownValue ?? ""}|${r.cohort}`}>
                <Td>{r.cohort}</Td>
                {breakdown ? <Td>{r.breakdownValue === "" ? "Not set" : r.breakdownValue}</Td> : null}
                <Td className="text-right tabular-nums">{formatNumber(r.cohortSize)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(r.actualRepeatPurchasesPerCustomer, 2)}</Td>
                <Td className="text-right tabular-nums">{r.expectedRepeatPurchasesPerCustomer === null ? "—" : formatNumber(r.expectedRepeatPurchasesPerCustomer, 2)}</Td>
                <Td className={`text-right tabular-nums ${diff !== null && diff < 0 ? "text-red-700" : ""}`}>{diff === null ? "—" : `${diff >= 0 ? "+" : ""}${formatNumber(diff, 2)}`}</Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </>
  );
}
