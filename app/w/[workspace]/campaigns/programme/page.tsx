import type { Metadata } from "next";
import Link from "next/link";
import { parsePeriod, type Period } from "@/lib/analytics/dashboard/period";
import { loadProgrammeResults } from "@/lib/campaigns/programme/load-programme-results";
import { isAppError } from "@/lib/errors";
import { formatDateTime, formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { intervalText, ResultsTable } from "@/components/campaigns/results-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { PeriodPicker } from "../../period-picker";

export const metadata: Metadata = { title: "Programme results" };

type Query = { period?: string | string[]; from?: string | string[]; to?: string | string[] };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ProgrammePage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Query> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "campaigns.read");
  const ws = access.workspace;
  const base = `/w/${slug}/campaigns/programme`;
  const query = await searchParams;
  const raw = { period: one(query.period), from: one(query.from), to: one(query.to) };
  const back = (
    <div className="mb-2 text-sm">
      <Link href={`/w/${slug}/campaigns`} className="text-brand-600 hover:underline">
        ← Campaigns
      </Link>
    </div>
  );

  let period: Period;
  try {
    period = parsePeriod(raw, ws.timezone);
  } catch (err) {
    if (!isAppError(err) || err.code !== "VALIDATION") throw err;
    return (
      <>
        {back}
        <PageHeader title="Programme results" />
        <PeriodPicker base={base} period={null} from={raw.from} to={raw.to} />
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          {err.message} Pick a period above.
        </div>
      </>
    );
  }

  const view = await loadProgrammeResults(ws.id, period.from, period.to);
  const money = (v: number) => formatMoney(v, view.currency);
  const c = view.comparison;
  const settingsLink = access.role === "ADMIN" ? <Link href={`/w/${slug}/settings/experiments`} className="underline">Settings → Experiments</Link> : "Settings → Experiments";

  return (
    <>
      {back}
      <PageHeader
        title="Programme results"
        description={
          <>
            All campaigns together: the global control group ({view.globalControlPercent}% of customers, held out of every campaign not marked exempt) against everyone else,{" "}
            {period.from} to {period.to} ({ws.timezone}). Each customer counts in the group they were in on the period&apos;s first day, with all their revenue in it. Counted{" "}
            {view.refreshedAt ? formatDateTime(new Date(view.refreshedAt), ws.timezone) : "not yet"}; recounted hourly.
          </>
        }
        actions={
          <a href={`/api/w/${slug}/programme/export?from=${period.from}&to=${period.to}`} className="text-sm text-brand-600 hover:underline">
            Download CSV
          </a>
        }
      />
      <PeriodPicker base={base} period={period} />

      {view.refreshedAt === null ? (
        <EmptyState title="The programme is being counted">
          A worker counts each group&apos;s customers and revenue per day within the hour after customers arrive; reload this page then. Nothing here reads orders directly.
        </EmptyState>
      ) : (
        <div className="grid gap-4">
          <p
            role="status"
            data-testid="programme-verdict"
            className={`rounded-md border px-3 py-2 text-sm ${view.verdict.kind === "gain" ? "border-emerald-300 bg-emerald-50 text-emerald-900" : view.verdict.kind === "loss" ? "border-red-300 bg-red-50 text-red-900" : "border-slate-300 bg-slate-50 text-slate-800"}`}
          >
            {view.verdict.text}
            {view.verdict.kind === "no-control" ? <span className="block text-xs text-slate-600">Set a global control group under {settingsLink} to measure the programme from then on.</span> : null}
            {c ? <span className="block text-xs text-slate-600">Judged on the always-valid interval, so looking every day does not inflate false wins.</span> : null}
          </p>

          <Card title="The two groups">
            <ResultsTable
              testId="programme-groups"
              rows={view.groups}
              rowKey={(g) => g.key}
              rowHeader={{ header: "Group", cell: (g) => g.label }}
              columns={[
                { header: "Customers", cell: (g) => formatNumber(g.customers) },
                { header: "Converters", cell: (g) => formatNumber(g.converters) },
                { header: "Conversion", cell: (g) => (g.conversionRate === null ? "—" : formatPercent(g.conversionRate, 2)) },
                { header: "Orders", cell: (g) => formatNumber(g.orders) },
                { header: "Revenue", cell: (g) => money(g.revenue) },
                { header: "Revenue per customer", cell: (g) => (g.revenuePerCustomer === null ? "—" : money(g.revenuePerCustomer)) },
              ]}
            />
          </Card>

          {c ? (
            <Card title="What the programme added (95% intervals)">
              <dl className="grid gap-3 text-sm sm:grid-cols-2" data-testid="programme-comparison">
                <div>
                  <dt className="text-slate-600">Incremental revenue, always-valid</dt>
                  <dd className="tabular-nums">{intervalText(c.incrementalRevenue.sequential, money)}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Incremental revenue, fixed horizon (Welch)</dt>
                  <dd className="tabular-nums">{intervalText(c.incrementalRevenue.fixed, money)}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Revenue per customer, everyone else − control</dt>
                  <dd className="tabular-nums">
                    {intervalText(c.revenuePerCustomer.sequential, money)}
                    <span className="block text-xs text-slate-500">
                      fixed {money(c.revenuePerCustomer.fixed.low)} to {money(c.revenuePerCustomer.fixed.high)}, p = {c.revenuePerCustomer.fixed.pValue < 0.0001 ? "< 0.0001" : c.revenuePerCustomer.fixed.pValue.toFixed(4)}
                    </span>
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-600">Conversion rate, everyone else − control</dt>
                  <dd className="tabular-nums">{(c.conversionRate * 100).toFixed(2)} pp</dd>
                </div>
              </dl>
              <p className="mt-3 text-xs text-slate-500">
                Incremental revenue is the difference in revenue per customer times everyone else&apos;s customers. The always-valid interval stays valid however often it is looked at; the
                fixed-horizon one is for a single look at the end of a period chosen in advance. Each customer&apos;s spread across days is estimated from per-day sums (docs: experiments,
                &ldquo;Programme view&rdquo;).
              </p>
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}
