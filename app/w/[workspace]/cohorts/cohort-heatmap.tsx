"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { CohortRowView } from "@/lib/analytics/cohorts/cohort-matrix";
import type { CohortBreakdown, CohortMetric, CohortPeriod } from "@/lib/analytics/cohorts/cohort-query.schema";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { createCohortSegmentAction } from "./actions";

interface Selected {
  row: CohortRowView;
  periodIndex: number;
  customers: number;
}

export function formatCohortValue(metric: CohortMetric, value: number, currency: string): string {
  if (metric === "retention" || metric === "retention_on_or_after") return formatPercent(value);
  if (metric === "orders_per_customer") return formatNumber(value, 2);
  return formatMoney(value, currency);
}

/**
 * The cohort × period heatmap: numbers in the cells, shade by value against
 * the largest cell shown, a legend for the shade. A cell is a button: it
 * offers a static segment of exactly the customers behind it.
 */
export function CohortHeatmap(props: {
  slug: string;
  rows: CohortRowView[];
  period: CohortPeriod;
  metric: CohortMetric;
  breakdown: CohortBreakdown;
  segment: number | null;
  currency: string;
  canCreateSegments: boolean;
}) {
  const { rows, metric, period, currency } = props;
  const router = useRouter();
  const [selected, setSelected] = useState<Selected | null>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const periods = Math.max(0, ...rows.map((r) => r.cells.length));
  const max = Math.max(0, ...rows.flatMap((r) => r.cells.map((c) => c.value)));
  const unit = period === "month" ? "Month" : "Week";
  const clickable = props.canCreateSegments && props.breakdown !== "category";
  const basis = metric === "retention_on_or_after" ? "onOrAfter" : "on";

  const choose = (row: CohortRowView, periodIndex: number, customers: number) => {
    setSelected({ row, periodIndex, customers });
    setError(null);
    const value = row.breakdownValue ? ` ${row.breakdownValue}` : "";
    setName(`Cohort ${row.cohort}${value}, ${unit.toLowerCase()} ${periodIndex}${basis === "onOrAfter" ? " or later" : ""}`);
  };

  const create = async () => {
    if (!selected) return;
    setBusy(true);
    setError(null);
    const result = await createCohortSegmentAction(props.slug, {
      name,
      period,
      basis,
      cohort: selected.row.cohort,
      periodIndex: selected.periodIndex,
      breakdown: props.breakdown,
      value: props.breakdown === "none" ? null : selected.row.breakdownValue,
      segment: props.segment,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.fieldErrors ? Object.values(result.fieldErrors).join("; ") : result.error);
      return;
    }
    router.push(`/w/${props.slug}/segments/${result.data.segmentId}`);
  };

  return (
    <div>
      <div className="mb-3 flex items-center gap-3 text-xs text-slate-600" aria-hidden="true">
        <span>Legend:</span>
        <span>{formatCohortValue(metric, 0, currency)}</span>
        <span className="h-3 w-40 rounded" style={{ background: "linear-gradient(to right, rgba(47,116,224,0.08), rgba(47,116,224,0.88))" }} />
        <span>{formatCohortValue(metric, max, currency)}</span>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full text-center text-xs" aria-label={`Cohorts by ${unit.toLowerCase()} since first order`}>
          <caption className="sr-only">
            Each row is a cohort (customers whose first order fell in that {unit.toLowerCase()}); each column is the {unit.toLowerCase()} since acquisition.
          </caption>
          <thead>
            <tr>
              <th scope="col" className="sticky left-0 bg-slate-50 px-2 py-2 text-left font-semibold text-slate-600">
                Cohort
              </th>
              {props.breakdown !== "none" ? (
                <th scope="col" className="bg-slate-50 px-2 py-2 text-left font-semibold text-slate-600">
                  Value
                </th>
              ) : null}
              <th scope="col" className="bg-slate-50 px-2 py-2 text-right font-semibold text-slate-600">
                Customers
              </th>
              {Array.from({ length: periods }, (_, k) => (
                <th key={k} scope="col" className="bg-slate-50 px-2 py-2 font-semibold text-slate-600">
                  {unit} {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.breakdownValue ?? ""}|${row.cohort}`} data-cohort={row.cohort}>
                <th scope="row" className="sticky left-0 bg-white px-2 py-1 text-left font-medium text-slate-700">
                  {row.cohort}
                </th>
                {props.breakdown !== "none" ? <td className="px-2 py-1 text-left text-slate-700">{row.breakdownValue === "" ? "Not set" : row.breakdownValue}</td> : null}
                <td className="px-2 py-1 text-right tabular-nums text-slate-700">{formatNumber(row.cohortSize)}</td>
                {row.cells.map((cell) => {
                  const text = formatCohortValue(metric, cell.value, currency);
                  const shade = max > 0 ? 0.08 + 0.8 * (cell.value / max) : 0.08;
                  const style = { backgroundColor: `rgba(47, 116, 224, ${shade.toFixed(2)})`, color: shade > 0.5 ? "white" : undefined };
                  return (
                    <td key={cell.periodIndex} className="p-0 tabular-nums" style={style}>
                      {clickable ? (
                        <button
                          type="button"
                          className="w-full px-2 py-1 hover:outline hover:outline-2 hover:outline-slate-800 focus:outline focus:outline-2 focus:outline-slate-800"
                          onClick={() => choose(row, cell.periodIndex, cell.customers)}
                          aria-label={`Cohort ${row.cohort}, ${unit.toLowerCase()} ${cell.periodIndex}: ${text}, ${cell.customers} customers. Create a segment.`}
                        >
                          {text}
                        </button>
                      ) : (
                        <span className="block px-2 py-1">{text}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!clickable && props.canCreateSegments ? (
        <p className="mt-2 text-xs text-slate-500">Cells of a first-order category breakdown cannot be saved as segments: segment rules cannot say “a category of the first order”.</p>
      ) : null}
      {selected ? (
        <div role="dialog" aria-label="Create a segment from this cell" className="mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm text-slate-700">
            {formatNumber(selected.customers)} customers of the {selected.row.cohort} cohort
            {basis === "onOrAfter" ? ` who ordered in ${unit.toLowerCase()} ${selected.periodIndex} or later` : ` who ordered in ${unit.toLowerCase()} ${selected.periodIndex}`}. The
            segment is static: its members are fixed when it is saved.
          </p>
          <div className="mt-3 flex flex-wrap items-end gap-3">
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
              Segment name
              <input value={name} onChange={(e) => setName(e.target.value)} className="w-96 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
            </label>
            <Button type="button" onClick={create} disabled={busy || name.trim() === ""}>
              {busy ? "Creating…" : "Create segment"}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setSelected(null)}>
              Cancel
            </Button>
          </div>
          {error ? (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
