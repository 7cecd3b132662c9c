"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface TrendChartPoint {
  /** Bucket label (a day, or a week's first day). */
  label: string;
  current: number;
  /** The same bucket of the comparison period, when there is one. */
  comparison?: number;
}

/** One measure over the period's days or weeks, against the comparison period. */
export function TrendChart({
  data,
  unit,
  currency,
  currentName,
  comparisonName,
  xLabel,
}: {
  data: TrendChartPoint[];
  /** "money" formats as the workspace currency; "count" as a whole number. */
  unit: "money" | "count";
  currency: string;
  currentName: string;
  comparisonName?: string;
  xLabel: string;
}) {
  const format =
    unit === "money"
      ? new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format
      : new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format;
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 20, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" minTickGap={24} label={{ value: xLabel, position: "insideBottom", offset: -12, fontSize: 11 }} tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => format(v)} width={72} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(v) => format(Number(v))} />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="current" name={currentName} stroke="#2f74e0" strokeWidth={2} dot={false} isAnimationActive={false} />
          {comparisonName ? (
            <Line type="monotone" dataKey="comparison" name={comparisonName} stroke="#94a3b8" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          ) : null}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
