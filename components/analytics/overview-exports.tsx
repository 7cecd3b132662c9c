import type { Period } from "@/lib/analytics/dashboard/period";
import { ExportLink } from "./export-link";

/** The overview's tables as CSV, for the period on screen. */
export function OverviewExports({ slug, period }: { slug: string; period: Period }) {
  const query: Record<string, string> = period.preset === "custom" ? { period: "custom", from: period.from, to: period.to } : { period: period.preset };
  const tables = [
    ["summary", "headline numbers"],
    ["trend", "trend"],
    ["value-mix-segments", "value mix by RFM segment"],
    ["value-mix-bands", "value mix by churn risk"],
  ] as const;
  return (
    <p className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
      <span>Export CSV:</span>
      {tables.map(([table, label]) => (
        <span key={table} className="inline-flex items-center gap-1">
          {label}
          <ExportLink slug={slug} page="overview" table={table} query={query} label={label} />
        </span>
      ))}
    </p>
  );
}
