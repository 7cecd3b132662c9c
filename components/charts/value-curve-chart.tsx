"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ValueCurveDatum {
  /** Share of customers, highest predicted value first, in percent (0–100). */
  customers: number;
  /** Their share of the total predicted value, in percent. */
  value: number;
  /** Where every customer were worth the same: the diagonal. */
  equal: number;
}

/** Share-of-value curve: the top x% of customers hold y% of predicted value. */
export function ValueCurveChart({ data }: { data: ValueCurveDatum[] }) {
  const pct = (v: number) => `${Math.round(v)}%`;
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 20, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="customers"
            type="number"
            domain={[0, 100]}
            ticks={[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]}
            tickFormatter={pct}
            tick={{ fontSize: 11 }}
            label={{ value: "Top customers by predicted CLV (% of scored customers)", position: "insideBottom", offset: -12, fontSize: 11 }}
          />
          <YAxis domain={[0, 100]} tickFormatter={pct} width={48} tick={{ fontSize: 11 }} label={{ value: "% of predicted CLV", angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} labelFormatter={(x) => `Top ${Number(x).toFixed(0)}% of customers`} />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="value" name="Share of predicted CLV" stroke="#2f74e0" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line dataKey="equal" name="If every customer were worth the same" stroke="#94a3b8" strokeDasharray="4 4" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
