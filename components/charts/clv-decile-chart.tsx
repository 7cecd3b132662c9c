"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface DecilePoint {
  decile: number;
  totalClv: number;
}

/** Predicted 12-month CLV summed per customer decile (1 = lowest tenth). */
export function ClvDecileChart({ data, currency }: { data: DecilePoint[]; currency: string }) {
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 });
  return (
    <div className="h-64 w-full" role="img" aria-label="Predicted CLV by customer decile">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="decile" tickFormatter={(d: number) => `D${d}`} label={{ value: "Customer decile (1 = lowest predicted value)", position: "insideBottom", offset: -4, fontSize: 11 }} height={36} />
          <YAxis tickFormatter={(v: number) => money.format(v)} width={70} label={{ value: currency, angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => money.format(Number(v))} labelFormatter={(d) => `Decile ${String(d)}`} />
          <Bar dataKey="totalClv" name="Predicted CLV (12m)" fill="#2f74e0" radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
