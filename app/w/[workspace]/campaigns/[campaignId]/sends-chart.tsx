"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CampaignDetail } from "@/lib/campaigns/campaign-views";

function hourLabel(iso: string, timeZone: string, withDay: boolean): string {
  const options: Intl.DateTimeFormatOptions = withDay
    ? { timeZone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }
    : { timeZone, hour: "2-digit", minute: "2-digit", hour12: false };
  return new Intl.DateTimeFormat("en-CA", options).format(new Date(iso));
}

/** Messages sent and failed per hour (from the campaign's latest tally); a table carries the same numbers for screen readers. */
export function SendsChart({ series, timeZone }: { series: CampaignDetail["series"]; timeZone: string }) {
  if (series.length === 0) return <p className="text-sm text-slate-600">Nothing sent yet. Sends per hour appear here once messages go out.</p>;
  const withDay = new Date(series[series.length - 1]!.hour).getTime() - new Date(series[0]!.hour).getTime() >= 24 * 3_600_000;
  const data = series.map((p) => ({ label: hourLabel(p.hour, timeZone, withDay), sent: p.sent, failed: p.failed }));
  return (
    <div>
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} width={56} tickFormatter={(v: number) => v.toLocaleString("en-US")} />
            <Tooltip formatter={(v, name) => [Number(v).toLocaleString("en-US"), name === "sent" ? "Sent" : "Failed"]} />
            <Legend formatter={(value: string) => (value === "sent" ? "Sent" : "Failed")} />
            <Bar dataKey="sent" stackId="a" fill="#2f74e0" isAnimationActive={false} />
            <Bar dataKey="failed" stackId="a" fill="#dc2626" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Sent and failed per hour</caption>
        <tbody>
          {series.slice(-24).map((p) => (
            <tr key={p.hour}>
              <td>{hourLabel(p.hour, timeZone, true)}</td>
              <td>{p.sent} sent</td>
              <td>{p.failed} failed</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
