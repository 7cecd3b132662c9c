"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface SliceValueDatum {
  label: string;
  /** Mean predicted 12-month CLV, in the workspace currency. */
  meanClv: number;
  /** Mean P(alive), in percent. */
  meanPAlive: number;
}

/** Mean predicted CLV (bars, left axis) and mean P(alive) (line, right axis) per slice of customers. */
export function SliceValueChart({ data, currency, xLabel }: { data: SliceValueDatum[]; currency: string; xLabel: string }) {
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 });
  return (
    <div className="h-72 w-full">
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" label={{ value: xLabel, position: "insideBottom", offset: -20, fontSize: 11 }} />
          <YAxis yAxisId="clv" tickFormatter={(v: number) => money.format(v)} width={64} tick={{ fontSize: 11 }} label={{ value: `Mean CLV (${currency})`, angle: -90, position: "insideLeft", fontSize: 11 }} />
          <YAxis yAxisId="alive" orientation="right" domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} width={44} tick={{ fontSize: 11 }} label={{ value: "Mean P(alive) (%)", angle: 90, position: "insideRight", fontSize: 11 }} />
          <Tooltip formatter={(v, name) => (name === "Mean P(alive)" ? `${Number(v).toFixed(1)}%` : money.format(Number(v)))} />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="clv" dataKey="meanClv" name="Mean predicted CLV (12m)" fill="#2f74e0" isAnimationActive={false} />
          <Line yAxisId="alive" dataKey="meanPAlive" name="Mean P(alive)" stroke="#e0792f" strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
