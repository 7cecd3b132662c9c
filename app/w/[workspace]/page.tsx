import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { can } from "@/lib/auth/permissions";
import { getWorkspaceOverview } from "@/lib/analytics/dashboard/overview";
import { loadProgrammeResults } from "@/lib/campaigns/programme/load-programme-results";
import { parsePeriod, type Period } from "@/lib/analytics/dashboard/period";
import { countCustomers } from "@/lib/customers/list-customers";
import { isAppError } from "@/lib/errors";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { OverviewExports } from "@/components/analytics/overview-exports";
import { ChartFigure } from "@/components/charts/chart-figure";
import { TrendChart } from "@/components/charts/trend-chart";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { DashboardSkeleton } from "@/components/ui/skeleton";
import { KpiCard } from "./kpi-card";
import { PeriodPicker } from "./period-picker";
import { ValueMix } from "./value-mix";

export const metadata: Metadata = { title: "Overview" };

type Query = { period?: string | string[]; from?: string | string[]; to?: string | string[] };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function OverviewPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Query> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "workspace.read");
  const ws = access.workspace;
  const base = `/w/${slug}`;
  const query = await searchParams;
  const raw = { period: one(query.period), from: one(query.from), to: one(query.to) };

  let period: Period;
  try {
    period = parsePeriod(raw, ws.timezone);
  } catch (err) {
    if (!isAppError(err) || err.code !== "VALIDATION") throw err;
    return (
      <>
        <PageHeader title={ws.name} />
        <PeriodPicker base={base} period={null} from={raw.from} to={raw.to} />
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          {err.message} Pick a period above.
        </div>
      </>
    );
  }

  if ((await countCustomers(ws.id)) === 0) {
    return (
      <>
        <PageHeader title={ws.name} />
        <EmptyState
          title="Bring in your customers to start"
          action={
            can(access.role, "data.import") ? (
              <Link href={`/w/${slug}/import`} className={buttonClasses("primary")}>
                Import a CSV
              </Link>
            ) : undefined
          }
        >
          Upload customers and orders as CSV, or send them through the REST API. RFM scores, predicted CLV and churn risk are
          computed in the background once orders are in.
        </EmptyState>
      </>
    );
  }

  return (
    <Suspense
      fallback={
        <>
          <PageHeader title={ws.name} />
          <PeriodPicker base={base} period={period} />
          <DashboardSkeleton cards={8} />
        </>
      }
    >
      <OverviewBody workspace={ws} slug={slug} period={period} canRun={can(access.role, "analytics.run")} />
    </Suspense>
  );
}

async function OverviewBody({
  workspace: ws,
  slug,
  period,
  canRun,
}: {
  workspace: { id: number; name: string; currency: string; timezone: string };
  slug: string;
  period: Period;
  canRun: boolean;
}) {
  const base = `/w/${slug}`;
  const [o, programme] = await Promise.all([getWorkspaceOverview(ws.id, period), loadProgrammeResults(ws.id, period.from, period.to)]);
  const incremental = programme.comparison?.incrementalRevenue.sequential ?? null;
  const { current: c, previous: p, lastYear: y } = o;
  const money = (v: number | null) => (v === null ? "—" : formatMoney(v, ws.currency));
  const count = (v: number | null) => (v === null ? "—" : formatNumber(v));
  const percent = (v: number | null) => (v === null ? "—" : formatPercent(v));
  const how = `${base}#definitions`;
  const kpis = [
    { label: "Revenue", f: money, pick: (t: typeof c) => t.revenue, id: "kpi-revenue" },
    { label: "Orders", f: count, pick: (t: typeof c) => t.orders, id: "kpi-orders" },
    { label: "Average order value", f: money, pick: (t: typeof c) => t.averageOrderValue, id: "kpi-aov" },
    { label: "Active customers", f: count, pick: (t: typeof c) => t.activeCustomers, id: "kpi-active" },
    { label: "New customers", f: count, pick: (t: typeof c) => t.newCustomers, id: "kpi-new" },
    { label: "Returning customers", f: count, pick: (t: typeof c) => t.returningCustomers, id: "kpi-returning" },
    { label: "Repeat-purchase rate", f: percent, pick: (t: typeof c) => t.repeatPurchaseRate, id: "kpi-repeat-rate" },
    { label: "First-purchase revenue", f: money, pick: (t: typeof c) => t.firstPurchaseRevenue, id: "kpi-first-revenue" },
    { label: "Repeat revenue", f: money, pick: (t: typeof c) => t.repeatRevenue, id: "kpi-repeat-revenue" },
  ];
  const bucket = period.grain === "day" ? "Day" : "Week starting";
  const trendRows = o.trend.map((t) => ({ label: t.from, revenue: t.revenue, active: t.activeCustomers, orders: t.orders }));

  return (
    <>
      <PageHeader
        title={ws.name}
        description={
          <>
            {period.from} to {period.to} ({formatNumber(period.days)} days, {ws.timezone}) against the {formatNumber(period.days)} days before and the same
            dates a year earlier.{" "}
            <Link href={`/w/${slug}/customers`} className="underline">
              {formatNumber(o.customers)} customers
            </Link>{" "}
            in all.
          </>
        }
      />
      <PeriodPicker base={base} period={period} />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3 2xl:grid-cols-5">
        {kpis.map((k) => (
          <KpiCard
            key={k.id}
            label={k.label}
            value={k.f(k.pick(c))}
            raw={k.pick(c)}
            previous={k.pick(p)}
            lastYear={k.pick(y)}
            format={k.f}
            href={how}
            testId={k.id}
          />
        ))}
      </div>

      <div className="mt-6 grid gap-6 xl:grid-cols-2">
        {c.orders === 0 ? (
          <div className="xl:col-span-2">
            <EmptyState title="No orders in this period">
              Pick a longer period above, or bring in orders with a CSV import or the REST API: these charts fill in as orders arrive.
            </EmptyState>
          </div>
        ) : (
          <>
            <ChartFigure
              title={`Revenue by ${period.grain} (${ws.currency})`}
              description={`Counted orders' totals per ${period.grain} in ${ws.timezone}.`}
              table={{ columns: [bucket, `Revenue (${ws.currency})`, "Orders"], rows: trendRows.map((t) => [t.label, t.revenue.toFixed(2), t.orders]) }}
            >
              <TrendChart data={trendRows.map((t) => ({ label: t.label, current: t.revenue }))} unit="money" currency={ws.currency} currentName="Revenue" xLabel={bucket} />
            </ChartFigure>
            <ChartFigure
              title={`Active customers by ${period.grain}`}
              description={`Distinct customers with a counted order in each ${period.grain}.`}
              table={{ columns: [bucket, "Active customers (count)"], rows: trendRows.map((t) => [t.label, t.active]) }}
            >
              <TrendChart data={trendRows.map((t) => ({ label: t.label, current: t.active }))} unit="count" currency={ws.currency} currentName="Active customers" xLabel={bucket} />
            </ChartFigure>
          </>
        )}
      </div>

      <Card title="Incremental revenue from campaigns" className="mt-6">
        <div className="text-sm" data-testid="overview-incremental">
          {incremental ? (
            <p>
              <span className="text-2xl font-semibold tabular-nums text-slate-900">{money(incremental.estimate)}</span>{" "}
              <span className="text-slate-600">
                (95% always-valid interval {money(incremental.low)} to {money(incremental.high)}
                {programme.verdict.kind === "gain" ? "; significant" : programme.verdict.kind === "loss" ? "; significant loss" : "; inconclusive: the interval includes no change"})
              </span>
            </p>
          ) : (
            <p className="text-slate-600">{programme.verdict.text}</p>
          )}
          <p className="mt-1 text-slate-600">
            All campaigns together against the global control group, over this period.{" "}
            <Link href={`/w/${slug}/campaigns/programme?${period.preset === "custom" ? `period=custom&from=${period.from}&to=${period.to}` : `period=${period.preset}`}`} className="underline">
              Programme results
            </Link>
          </p>
        </div>
      </Card>

      <ValueMix slug={slug} currency={ws.currency} rfm={o.rfm} clv={o.clv} canRun={canRun} />
      <OverviewExports slug={slug} period={period} />

      <Card title="How these numbers are counted" className="mt-6">
        <div id="definitions" className="space-y-1 text-sm text-slate-600">
          <p>Days are calendar days in the workspace time zone ({ws.timezone}). Orders that were cancelled, refunded, failed or voided do not count.</p>
          <p>Active customers placed at least one order in the period; new customers placed their first order ever in it; returning customers had ordered before it. The repeat-purchase rate is returning customers over active customers.</p>
          <p>First-purchase revenue comes from orders placed on their customer&apos;s first purchase day; everything else is repeat revenue.</p>
          <p>
            The value mix comes from the latest analytics runs: segments on the <Link href={`/w/${slug}/rfm`} className="underline">RFM page</Link>, churn risk and predicted value on the{" "}
            <Link href={`/w/${slug}/ltv`} className="underline">LTV &amp; Churn page</Link>.
          </p>
        </div>
      </Card>
    </>
  );
}

