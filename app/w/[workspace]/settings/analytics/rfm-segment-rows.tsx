"use client";

import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";

export interface SegmentRow {
  segment: string;
  r: [string, string];
  fm: [string, string];
}

const SCORES = ["1", "2", "3", "4", "5"];

/** The RFM segment map as rows: a name and its R and FM score ranges; each row's errors are shown on it. */
export function RfmSegmentRows({ rows, onChange, errors }: { rows: SegmentRow[]; onChange: (rows: SegmentRow[]) => void; errors: Record<string, string> }) {
  const update = (i: number, next: Partial<SegmentRow>) => onChange(rows.map((row, k) => (k === i ? { ...row, ...next } : row)));
  const range = (i: number, axis: "r" | "fm", label: string) => {
    const id = `rfm.segments.${i}.${axis}`;
    const value = rows[i]![axis];
    return (
      <td className="px-2 py-1 align-top">
        <div className="flex items-center gap-1">
          {[0, 1].map((end) => (
            <select
              key={end}
              aria-label={`${label} ${end === 0 ? "from" : "to"}, row ${i + 1}`}
              aria-describedby={`${id}-note`}
              aria-invalid={errors[id] ? true : undefined}
              className={`${inputClasses} mt-0 w-16`}
              value={value[end]}
              onChange={(ev) => update(i, { [axis]: end === 0 ? [ev.target.value, value[1]] : [value[0], ev.target.value] } as Partial<SegmentRow>)}
            >
              {SCORES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          ))}
        </div>
        <p id={`${id}-note`} className="mt-1 text-xs text-red-700">
          {errors[id] ?? ""}
        </p>
      </td>
    );
  };
  return (
    <div className="overflow-x-auto">
      <table className="text-sm">
        <caption className="mb-2 text-left text-sm font-medium text-slate-800">Segment map</caption>
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-600">
            <th scope="col" className="px-2 py-1">
              Segment name
            </th>
            <th scope="col" className="px-2 py-1">
              R from – to
            </th>
            <th scope="col" className="px-2 py-1">
              FM from – to
            </th>
            <th scope="col" className="px-2 py-1">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const nameId = `rfm.segments.${i}.segment`;
            return (
              <tr key={i}>
                <td className="px-2 py-1 align-top">
                  <input
                    aria-label={`Segment name, row ${i + 1}`}
                    aria-describedby={`${nameId}-note`}
                    aria-invalid={errors[nameId] ? true : undefined}
                    className={`${inputClasses} mt-0`}
                    value={row.segment}
                    maxLength={80}
                    onChange={(ev) => update(i, { segment: ev.target.value })}
                  />
                  <p id={`${nameId}-note`} className="mt-1 text-xs text-red-700">
                    {errors[nameId] ?? ""}
                  </p>
                </td>
                {range(i, "r", "R score")}
                {range(i, "fm", "FM score")}
                <td className="px-2 py-1 align-top">
                  <Button variant="ghost" onClick={() => onChange(rows.filter((_, k) => k !== i))} disabled={rows.length <= 1}>
                    Remove
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Button variant="secondary" className="mt-2" onClick={() => onChange([...rows, { segment: "", r: ["1", "1"], fm: ["1", "1"] }])} disabled={rows.length >= 25}>
        Add segment
      </Button>
    </div>
  );
}
