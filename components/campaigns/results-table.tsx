import type { ReactNode } from "react";
import type { Interval } from "@/lib/stats/interval";
import { cx } from "@/components/ui/cx";

/** One column of a results table: its header and what each row shows in it. */
export interface ResultsColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
}

const th = "px-2 py-1 text-left font-medium text-slate-600";
const td = "px-2 py-1 align-top tabular-nums";

/**
 * The compact numbers table of the campaign results and programme pages: the
 * first column names each row (a row header, so a screen reader announces the
 * arm or group with every number), the others hold the figures. Each column
 * carries its header and its cell together, so they cannot be paired wrongly.
 */
export function ResultsTable<Row>({
  rowHeader,
  columns,
  rows,
  rowKey,
  caption,
  testId,
  className,
}: {
  rowHeader: ResultsColumn<Row>;
  columns: ResultsColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Said to screen readers only; the card title usually names the table for sighted readers. */
  caption?: string;
  testId?: string;
  className?: string;
}) {
  return (
    <div className={cx("overflow-x-auto", className)}>
      <table className="w-full text-sm" data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            {[rowHeader, ...columns].map((col) => (
              <th key={col.header} className={th} scope="col">
                {col.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-t border-slate-100">
              <th scope="row" className={th}>
                {rowHeader.cell(row)}
              </th>
              {columns.map((col) => (
                <td key={col.header} className={td}>
                  {col.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An estimate with its interval in small print; a dash where there is none yet. */
export function intervalText(i: Interval | null | undefined, format: (v: number) => string): ReactNode {
  if (!i) return "—";
  return (
    <>
      {format(i.estimate)} <span className="text-xs text-slate-500">({format(i.low)} to {format(i.high)})</span>
    </>
  );
}
