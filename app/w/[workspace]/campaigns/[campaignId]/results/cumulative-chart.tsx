"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CumulativePoint } from "@/lib/campaigns/results/campaign-results";

/** Cumulative incremental revenue by day with its always-valid band; a table carries the same numbers for screen readers. */
export function CumulativeChart({ points, currency }: { points: CumulativePoint[]; currency: string }) {
  if (points.length === 0) return <p className="text-sm text-slate-600">No orders in any window yet. The curve starts with the first order after exposure.</p>;
  const money = (v: number) => new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(v);
  const data = points.map((p) => ({ day: p.day, estimate: p.incrementalRevenue, band: [p.low, p.high] as [number, number] }));
  return (
    <div>
      <div className="h-64 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="day" fontSize={12} />
            <YAxis fontSize={12} width={80} tickFormatter={money} label={{ value: `Incremental revenue (${currency})`, angle: -90, position: "insideLeft", fontSize: 11, dy: 60 }} />
            <Tooltip formatter={(v, name) => (Array.isArray(v) ? [`${money(Number(v[0]))} to ${money(Number(v[1]))}`, "95% always-valid interval"] : [money(Number(v)), name === "estimate" ? "Incremental revenue" : String(name)])} />
            <Legend formatter={(value: string) => (value === "estimate" ? "Cumulative incremental revenue" : "95% always-valid interval")} />
            <Area dataKey="band" stroke="none" fill="#93c5fd" fillOpacity={0.4} isAnimationActive={false} />
            <Line dataKey="estimate" stroke="#2f74e0" strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Cumulative incremental revenue by day, with its 95% always-valid interval</caption>
        <thead>
          <tr>
            <th>Day</th>
            <th>Incremental revenue</th>
            <th>Low</th>
            <th>High</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.day}>
              <td>{p.day}</td>
              <td>{money(p.incrementalRevenue)}</td>
              <td>{money(p.low)}</td>
              <td>{money(p.high)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
