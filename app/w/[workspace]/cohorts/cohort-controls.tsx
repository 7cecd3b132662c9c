"use client";

import type { CohortBreakdown, CohortMetric, CohortPeriod } from "@/lib/analytics/cohorts/cohort-query.schema";

const METRIC_LABELS: Record<CohortMetric, string> = {
  retention: "Share purchasing in the period",
  retention_on_or_after: "Share purchasing in the period or later",
  orders_per_customer: "Orders per original customer",
  cumulative_revenue_per_customer: "Cumulative revenue per original customer",
};
const BREAKDOWN_LABELS: Record<CohortBreakdown, string> = { none: "None", channel: "Acquisition channel", country: "Country", category: "First-order category" };

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

/** The page's query as a plain GET form: every change reloads the page with the new search parameters (and works without JavaScript via Apply). */
export function CohortControls(props: {
  period: CohortPeriod;
  metric: CohortMetric;
  breakdown: CohortBreakdown;
  value: string | null;
  values: string[];
  segment: number | null;
  segments: { id: number; name: string }[];
}) {
  const submit = (e: React.ChangeEvent<HTMLSelectElement>) => {
    const form = e.currentTarget.form;
    // A value belongs to one breakdown: changing the breakdown starts from every value.
    const value = form?.elements.namedItem("value");
    if (e.currentTarget.name === "breakdown" && value instanceof HTMLSelectElement) value.value = "";
    form?.requestSubmit();
  };
  return (
    <form method="get" className="mb-6 flex flex-wrap items-end gap-4" aria-label="Cohort options">
      <div className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        <label htmlFor="cohort-period">Period</label>
        <select id="cohort-period" name="period" defaultValue={props.period} onChange={submit} className={select}>
          <option value="month">Months</option>
          <option value="week">Weeks (ISO)</option>
        </select>
      </div>
      <div className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        <label htmlFor="cohort-metric">Metric</label>
        <select id="cohort-metric" name="metric" defaultValue={props.metric} onChange={submit} className={select}>
          {Object.entries(METRIC_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        <label htmlFor="cohort-breakdown">Breakdown</label>
        <select id="cohort-breakdown" name="breakdown" defaultValue={props.breakdown} onChange={submit} className={select}>
          {Object.entries(BREAKDOWN_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {props.breakdown !== "none" ? (
        <div className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          <label htmlFor="cohort-value">Value</label>
          <select id="cohort-value" name="value" defaultValue={props.value ?? ""} onChange={submit} className={select}>
            <option value="">Every value</option>
            {props.values
              .filter((v) => v !== "")
              .map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
          </select>
        </div>
      ) : null}
      <div className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        <label htmlFor="cohort-segment">Segment</label>
        <select id="cohort-segment" name="segment" defaultValue={props.segment === null ? "" : String(props.segment)} onChange={submit} className={select}>
          <option value="">Every customer</option>
          {props.segments.map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <noscript>
        <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Apply
        </button>
      </noscript>
    </form>
  );
}

export { METRIC_LABELS };
