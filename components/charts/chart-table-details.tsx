"use client";

import { useState } from "react";
import type { ChartTable } from "./chart-figure";

/**
 * A chart's numbers as a table, built in the browser when first opened. A
 * closed <details> shows nothing to anyone (assistive technology included),
 * so its rows need not be in the page's HTML: they come once, in the chart's
 * props, instead of twice (as HTML and as the React payload). The weekly
 * tracking table alone was half of the LTV page's HTML.
 */
export function ChartTableDetails({ title, table }: { title: string; table: ChartTable }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-2 text-xs" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-slate-600">Show as table</summary>
      {open ? (
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
      ) : null}
    </details>
  );
}
