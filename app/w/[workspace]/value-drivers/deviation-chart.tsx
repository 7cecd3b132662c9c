"use client";

import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface DeviationPoint {
  feature: string;
  /** Standard deviations of the cluster's mean from everyone clustered. */
  deviation: number;
}

/** How far a cluster's mean sits from everyone's on each feature, in standard deviations: what sets it apart. */
export function DeviationChart({ data, clusterName }: { data: DeviationPoint[]; clusterName: string }) {
  const fmt = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(1)} sd`;
  return (
    <div className="w-full" style={{ height: Math.max(180, data.length * 24 + 70) }}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={fmt}
            tick={{ fontSize: 11 }}
            label={{ value: "Standard deviations from all clustered customers", position: "insideBottom", offset: -14, fontSize: 11 }}
          />
          <YAxis type="category" dataKey="feature" width={220} tick={{ fontSize: 11 }} interval={0} />
          <Tooltip formatter={(v) => fmt(Number(v))} />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine x={0} stroke="#64748b" />
          <Bar dataKey="deviation" name={`${clusterName}: mean vs everyone`} fill="#2f74e0" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
