"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface HistogramBin {
  label: string;
  customers: number;
}

/** Customers per bin of a score (P(alive) here). */
export function HistogramChart({ data, xLabel, seriesName }: { data: HistogramBin[]; xLabel: string; seriesName: string }) {
  const count = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format;
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 20, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} interval={1} label={{ value: xLabel, position: "insideBottom", offset: -12, fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => count(v)} width={56} tick={{ fontSize: 11 }} label={{ value: "Customers", angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Tooltip formatter={(v) => count(Number(v))} />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="customers" name={seriesName} fill="#2f74e0" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
