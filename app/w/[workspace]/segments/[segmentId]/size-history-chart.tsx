"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { versionSeries } from "./size-history-series";
import type { SizePoint } from "./read-size-history";

/** Axis labels: days for a long history, clock times when every refresh is within two days. */
function tick(ms: number, timeZone: string, short: boolean): string {
  const options: Intl.DateTimeFormatOptions = short ? { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : { timeZone, month: "short", day: "numeric" };
  return new Intl.DateTimeFormat("en-CA", options).format(new Date(ms));
}

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));
}

const COLOURS = ["#2f74e0", "#d97706", "#059669", "#7c3aed", "#db2777", "#0891b2"];

/**
 * Size after each refresh, one line per rules version (an edit of the rules
 * starts a new line, marked where it starts), so a jump at an edit reads as
 * the new rules, not as customers moving. The table below the chart carries
 * the same numbers, with their version, for screen readers.
 */
export function SizeHistoryChart({ points, timeZone }: { points: SizePoint[]; timeZone: string }) {
  if (points.length < 2) {
    return <p className="text-sm text-slate-600">{points.length === 0 ? "No refreshes yet." : "One refresh so far; the trend appears after the next one."}</p>;
  }
  const { rows, series } = versionSeries(points);
  const short = rows[rows.length - 1]!.t - rows[0]!.t < 2 * 86_400_000;
  const last = points.slice(-10).reverse();
  const label = (v: number | null) => (v === null ? "Earlier rules" : `Rules v${v}`);
  return (
    <div>
      <p className="mb-1 text-xs text-slate-500">Customers in the segment after each refresh ({timeZone})</p>
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => tick(t, timeZone, short)} fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} width={64} tickFormatter={(v: number) => v.toLocaleString("en-US")} label={{ value: "Customers", angle: -90, position: "insideLeft", fontSize: 12 }} />
            <Tooltip labelFormatter={(t) => when(new Date(Number(t)).toISOString(), timeZone)} formatter={(v, name) => [Number(v).toLocaleString("en-US"), String(name)]} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.slice(1).map((s) => (
              <ReferenceLine key={s.key} x={s.startsAt} stroke="#94a3b8" strokeDasharray="4 2" label={{ value: label(s.version), position: "insideTopLeft", fontSize: 11 }} />
            ))}
            {series.map((s, i) => (
              <Line
                key={s.key}
                type="stepAfter"
                dataKey={s.key}
                name={label(s.version)}
                stroke={COLOURS[i % COLOURS.length]}
                strokeWidth={2}
                dot={points.length < 60}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Latest refreshes: time, customers, rules version</caption>
        <tbody>
          {last.map((p) => (
            <tr key={p.at}>
              <td>{when(p.at, timeZone)}</td>
              <td>{p.size}</td>
              <td>{label(p.version)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
