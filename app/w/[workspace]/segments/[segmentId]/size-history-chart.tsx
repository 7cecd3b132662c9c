"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SizePoint } from "./read-size-history";

/** Axis labels: days for a long history, clock times when every refresh is within two days. */
function tick(ms: number, timeZone: string, short: boolean): string {
  const options: Intl.DateTimeFormatOptions = short ? { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : { timeZone, month: "short", day: "numeric" };
  return new Intl.DateTimeFormat("en-CA", options).format(new Date(ms));
}

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));
}

/** Size after each refresh; the table below the chart carries the same numbers for screen readers. */
export function SizeHistoryChart({ points, timeZone }: { points: SizePoint[]; timeZone: string }) {
  if (points.length < 2) {
    return <p className="text-sm text-slate-600">{points.length === 0 ? "No refreshes yet." : "One refresh so far; the trend appears after the next one."}</p>;
  }
  const data = points.map((p) => ({ t: new Date(p.at).getTime(), size: p.size, at: p.at }));
  const short = data[data.length - 1]!.t - data[0]!.t < 2 * 86_400_000;
  const last = points.slice(-10).reverse();
  return (
    <div>
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => tick(t, timeZone, short)} fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} width={64} tickFormatter={(v: number) => v.toLocaleString("en-US")} />
            <Tooltip labelFormatter={(t) => when(new Date(Number(t)).toISOString(), timeZone)} formatter={(v) => [Number(v).toLocaleString("en-US"), "Customers"]} />
            <Line type="stepAfter" dataKey="size" stroke="#2f74e0" strokeWidth={2} dot={points.length < 60} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Latest refreshes</caption>
        <tbody>
          {last.map((p) => (
            <tr key={p.at}>
              <td>{when(p.at, timeZone)}</td>
              <td>{p.size}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
