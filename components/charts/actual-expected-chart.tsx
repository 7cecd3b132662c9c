"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ActualExpectedDatum {
  label: string;
  actual: number;
  expected: number;
}

/**
 * Actual against the model's expectation along one axis (calibration
 * frequency, or weeks); an optional dashed marker where the holdout starts.
 */
export function ActualExpectedChart(props: { data: ActualExpectedDatum[]; xLabel: string; yLabel: string; expectedName: string; marker?: { at: string; label: string } }) {
  const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format;
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer>
        <LineChart data={props.data} margin={{ top: 8, right: 12, bottom: 20, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" label={{ value: props.xLabel, position: "insideBottom", offset: -12, fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => number(v)} width={52} tick={{ fontSize: 11 }} label={{ value: props.yLabel, angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Tooltip formatter={(v) => number(Number(v))} />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          {props.marker ? <ReferenceLine x={props.marker.at} stroke="#64748b" strokeDasharray="4 4" label={{ value: props.marker.label, fontSize: 10, position: "insideTopRight" }} /> : null}
          <Line dataKey="actual" name="Actual" stroke="#2f74e0" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line dataKey="expected" name={props.expectedName} stroke="#e0792f" strokeWidth={2} strokeDasharray="5 3" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
