import type { ReactNode } from "react";

export interface ChartTable {
  /** Column headings, units included ("Revenue (USD)"). */
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart with its title, and the same numbers as a table for screen readers
 * and for anyone who wants the exact values (the chart itself is hidden from
 * assistive technology: a table says more than an image description).
 */
export function ChartFigure({ title, description, table, children }: { title: string; description?: string; table: ChartTable; children: ReactNode }) {
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <figcaption className="mb-2">
        <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
        {description ? <p className="text-xs text-slate-500">{description}</p> : null}
      </figcaption>
      <div aria-hidden="true">{children}</div>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer text-slate-600">Show as table</summary>
        <div className="mt-2 max-h-72 overflow-auto">
          <table className="min-w-full text-left tabular-nums">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col" className="px-2 py-1 font-semibold text-slate-600">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i} className="border-t border-slate-100">
                  {row.map((cell, j) => (
                    <td key={j} className="px-2 py-1">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
