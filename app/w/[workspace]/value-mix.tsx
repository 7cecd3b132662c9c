import Link from "next/link";
import type { ClvRunAggregate, RfmRunAggregate, StoredRunAggregate } from "@/lib/analytics/dashboard/run-aggregates";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { ChartFigure } from "@/components/charts/chart-figure";
import { ShareBarChart } from "@/components/charts/share-bar-chart";
import { EmptyState } from "@/components/ui/empty-state";

const BAND_ORDER = ["low", "medium", "high"];

/** Customers and revenue by RFM segment and by churn band, from the latest runs. */
export function ValueMix({
  slug,
  currency,
  rfm,
  clv,
  canRun,
}: {
  slug: string;
  currency: string;
  rfm: StoredRunAggregate<RfmRunAggregate> | null;
  clv: StoredRunAggregate<ClvRunAggregate> | null;
  canRun: boolean;
}) {
  const runHint = canRun ? "Start one with “Recompute now” on the RFM page" : "An analyst or admin can start one from the RFM page";
  const segments = rfm?.data.segments ?? [];
  const segRevenue = segments.reduce((s, x) => s + Number(x.revenue), 0);
  const segCustomers = segments.reduce((s, x) => s + x.customers, 0);
  const bands = [...(clv?.data.bands ?? [])].sort((a, b) => BAND_ORDER.indexOf(a.band) - BAND_ORDER.indexOf(b.band));
  const bandRevenue = bands.reduce((s, x) => s + Number(x.revenue), 0);
  const bandCustomers = bands.reduce((s, x) => s + x.customers, 0);
  const share = (part: number, whole: number) => (whole ? part / whole : 0);

  return (
    <div className="mt-6 grid gap-6 xl:grid-cols-2">
      {rfm && segCustomers > 0 ? (
        <ChartFigure
          title="Value mix by RFM segment (% of scored customers and of their revenue)"
          description={`From the latest RFM run. Details on the RFM page.`}
          table={{
            columns: ["Segment", "Customers", "Share of customers", `Revenue (${currency})`, "Share of revenue"],
            rows: segments.map((s) => [s.segment, formatNumber(s.customers), formatPercent(share(s.customers, segCustomers)), formatMoney(Number(s.revenue), currency), formatPercent(share(Number(s.revenue), segRevenue))]),
          }}
        >
          <ShareBarChart xLabel="RFM segment" data={segments.map((s) => ({ label: s.segment, customers: share(s.customers, segCustomers), revenue: share(Number(s.revenue), segRevenue) }))} />
          <Link href={`/w/${slug}/rfm`} className="text-xs text-brand-700 underline">
            Open the RFM page
          </Link>
        </ChartFigure>
      ) : (
        <EmptyState title="No RFM segments yet">No RFM run has finished yet. {runHint}; runs also start nightly and after each import.</EmptyState>
      )}
      {clv && bandCustomers > 0 ? (
        <ChartFigure
          title="Value mix by churn risk (% of scored customers and of their revenue to date)"
          description="From the latest CLV run. Predicted value and P(alive) on the LTV & Churn page."
          table={{
            columns: ["Churn risk", "Customers", "Share of customers", `Revenue to date (${currency})`, `Predicted CLV, 12 months (${currency})`],
            rows: bands.map((b) => [b.band, formatNumber(b.customers), formatPercent(share(b.customers, bandCustomers)), formatMoney(Number(b.revenue), currency), formatMoney(Number(b.predictedClv12m), currency)]),
          }}
        >
          <ShareBarChart xLabel="Churn risk band" data={bands.map((b) => ({ label: b.band, customers: share(b.customers, bandCustomers), revenue: share(Number(b.revenue), bandRevenue) }))} />
          <Link href={`/w/${slug}/ltv`} className="text-xs text-brand-700 underline">
            Open the LTV &amp; Churn page
          </Link>
        </ChartFigure>
      ) : (
        <EmptyState title="No churn risk yet">No CLV run has scored customers yet. {runHint}; customers need orders to be scored.</EmptyState>
      )}
    </div>
  );
}
