import type { ReactNode } from "react";
import { ChartTableDetails } from "./chart-table-details";

export interface ChartTable {
  /** Column headings, units included ("Revenue (USD)"). */
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart with its title, and the same numbers as a table for screen readers
 * and for anyone who wants the exact values (the chart itself is hidden from
 * assistive technology: a table says more than an image description). The
 * table is built when opened (ChartTableDetails).
 */
export function ChartFigure({ title, description, table, children }: { title: string; description?: string; table: ChartTable; children: ReactNode }) {
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <figcaption className="mb-2">
        <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
        {description ? <p className="text-xs text-slate-500">{description}</p> : null}
      </figcaption>
      <div aria-hidden="true">{children}</div>
      <ChartTableDetails title={title} table={table} />
    </figure>
  );
}
