import Link from "next/link";
import type { ClvSliceRow, LtvDashboard } from "@/lib/analytics/dashboard/ltv-dashboard";
import { formatNumber, formatMoney, formatPercent } from "@/lib/format";
import { ChartFigure } from "@/components/charts/chart-figure";
import { SliceValueChart } from "@/components/charts/slice-value-chart";
import { Card } from "@/components/ui/card";
import { ExportLink } from "@/components/analytics/export-link";
import { SliceTable } from "./slice-table";

export type CohortPeriod = "month" | "quarter";

const notSet = (key: string | null) => (key === null ? "Other channels (beyond the first 50)" : key === "" ? "Not set" : key);
const quarterLabel = (key: string | null) => (key ? `${key.slice(0, 4)} Q${Math.floor((Number(key.slice(5, 7)) - 1) / 3) + 1}` : "—");
const monthLabel = (key: string | null) => (key ? key.slice(0, 7) : "—");

/** CLV and P(alive) by acquisition channel, acquisition cohort and RFM segment: a chart and a table each. */
export function ValueBySlice({ d, slug, currency, cohortPeriod, canSegment }: { d: LtvDashboard; slug: string; currency: string; cohortPeriod: CohortPeriod; canSegment: boolean }) {
  const cohorts = cohortPeriod === "month" ? d.byCohortMonth : d.byCohortQuarter;
  const cohortLabel = cohortPeriod === "month" ? monthLabel : quarterLabel;
  return (
    <div className="mt-6 grid gap-6">
      <SliceSection
        title={`CLV and P(alive) by acquisition channel (${currency}, %)`}
        description="Scored customers grouped by the acquisition channel on their customer record."
        keyHeading="Channel"
        rows={d.byChannel}
        label={notSet}
        currency={currency}
        slug={slug}
        exportTable="channels"
        slice={canSegment ? (key) => (key === null ? null : { kind: "channel", channel: key }) : null}
      />
      <SliceSection
        title={`CLV and P(alive) by acquisition cohort (${currency}, %)`}
        description={`Scored customers grouped by the ${cohortPeriod} of their first counted order, in the workspace time zone.`}
        keyHeading={cohortPeriod === "month" ? "First-order month" : "First-order quarter"}
        rows={cohorts}
        label={cohortLabel}
        currency={currency}
        slug={slug}
        exportTable={cohortPeriod === "month" ? "cohorts-month" : "cohorts-quarter"}
        actions={
          <nav className="flex gap-2 text-xs" aria-label="Cohort period">
            {(["month", "quarter"] as const).map((p) => (
              <Link key={p} href={`/w/${slug}/ltv?cohort=${p}`} aria-current={p === cohortPeriod ? "page" : undefined} className={p === cohortPeriod ? "font-semibold text-slate-900" : "text-blue-700 underline"}>
                By {p}
              </Link>
            ))}
          </nav>
        }
        slice={canSegment ? (key) => (key === null ? null : { kind: "cohort", period: cohortPeriod, cohort: key }) : null}
      />
      <SliceSection
        title={`CLV and P(alive) by RFM segment (${currency}, %)`}
        description="Scored customers grouped by their RFM segment when the CLV run published; “Not scored” customers had no RFM run yet."
        keyHeading="RFM segment"
        rows={d.bySegment}
        label={(key) => (key ? key : "Not scored by RFM")}
        currency={currency}
        slug={slug}
        exportTable="segments"
        slice={canSegment ? (key) => (key ? { kind: "rfmSegment", segment: key } : null) : null}
      />
    </div>
  );
}

function SliceSection(props: {
  title: string;
  description: string;
  keyHeading: string;
  rows: ClvSliceRow[];
  label: (key: string | null) => string;
  currency: string;
  slug: string;
  exportTable: string;
  actions?: React.ReactNode;
  slice: Parameters<typeof SliceTable>[0]["slice"];
}) {
  const { rows, currency } = props;
  if (rows.length === 0) {
    return (
      <Card title={props.title}>
        <p className="text-sm text-slate-600">No scored customers to group yet. Run the analytics (“Recompute now” above) after importing orders.</p>
      </Card>
    );
  }
  return (
    <div className="grid gap-4 2xl:grid-cols-2">
      <ChartFigure
        title={props.title}
        description={props.description}
        table={{
          columns: [props.keyHeading, "Customers", `Mean CLV (${currency})`, "Mean P(alive) (%)", `Total CLV (${currency})`],
          rows: rows.map((r) => [props.label(r.key), formatNumber(r.customers), formatMoney(r.meanClv12m, currency), formatPercent(r.meanPAlive), formatMoney(r.totalClv12m, currency)]),
        }}
      >
        <SliceValueChart
          currency={currency}
          xLabel={props.keyHeading}
          data={rows.map((r) => ({ label: props.label(r.key), meanClv: r.meanClv12m, meanPAlive: r.meanPAlive * 100 }))}
        />
      </ChartFigure>
      <Card title={props.keyHeading === "RFM segment" ? "Value by RFM segment" : `Value by ${props.keyHeading.toLowerCase()}`} actions={<div className="flex items-center gap-3">{props.actions}<ExportLink slug={props.slug} page="ltv" table={props.exportTable} /></div>}>
        <div className="max-h-96 overflow-auto">
          <SliceTable caption={props.title} keyHeading={props.keyHeading} rows={rows} currency={currency} slug={props.slug} label={props.label} slice={props.slice} />
        </div>
      </Card>
    </div>
  );
}
