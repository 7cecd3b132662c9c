"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ShareBarPoint {
  label: string;
  /** Share of all scored customers, 0..1. */
  customers: number;
  /** Share of their revenue, 0..1. */
  revenue: number;
}

/** Customers and revenue of each group as shares of the whole: where the value sits. */
export function ShareBarChart({ data, xLabel }: { data: ShareBarPoint[]; xLabel: string }) {
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval={0} angle={-20} textAnchor="end" height={48} tick={{ fontSize: 10 }} label={{ value: xLabel, position: "insideBottom", offset: -20, fontSize: 11 }} />
          <YAxis tickFormatter={pct} width={44} tick={{ fontSize: 11 }} label={{ value: "% of total", angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Tooltip formatter={(v) => pct(Number(v))} />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="customers" name="Customers" fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="revenue" name="Revenue" fill="#2f74e0" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
