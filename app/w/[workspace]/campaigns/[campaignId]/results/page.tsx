import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getCampaign } from "@/lib/campaigns/list-campaigns";
import type { TwoIntervals } from "@/lib/campaigns/results/campaign-results";
import { loadCampaignResults } from "@/lib/campaigns/results/load-campaign-results";
import type { ResultsTable as ResultsCsvTable } from "@/lib/campaigns/results/results-csv";
import { formatDateTime, formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { orNotFound } from "@/lib/next/or-not-found";
import { pageAccess } from "@/lib/next/page-access";
import { parseRouteId } from "@/lib/route-id";
import { intervalText, ResultsTable } from "@/components/campaigns/results-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { CumulativeChart } from "./cumulative-chart";

export const metadata: Metadata = { title: "Campaign results" };

const SLICE_NAMES = { rfm_segment: "RFM segment", churn_band: "Churn band", clv_decile: "CLV decile" } as const;

function both(i: TwoIntervals, format: (v: number) => string): ReactNode {
  return (
    <>
      {format(i.estimate)}
      <div className="text-xs text-slate-500">
        always-valid {format(i.sequential.low)} to {format(i.sequential.high)}
      </div>
      <div className="text-xs text-slate-500">
        fixed {format(i.fixed.low)} to {format(i.fixed.high)}, p = {i.fixed.pValue < 0.0001 ? "< 0.0001" : i.fixed.pValue.toFixed(4)}
      </div>
    </>
  );
}

function Export({ slug, campaignId, table }: { slug: string; campaignId: number; table: ResultsCsvTable }) {
  return (
    <a href={`/api/w/${slug}/campaigns/${campaignId}/results/export?table=${table}`} className="text-xs text-brand-600 hover:underline">
      Download CSV
    </a>
  );
}

export default async function CampaignResultsPage({ params }: { params: Promise<{ workspace: string; campaignId: string }> }) {
  const { workspace: slug, campaignId: raw } = await params;
  const access = await pageAccess(slug, "campaigns.read");
  const ws = access.workspace;
  const campaignId = await orNotFound(() => parseRouteId(raw, "Campaign"));
  const campaign = await orNotFound(() => getCampaign(ws.id, campaignId));
  const results = await loadCampaignResults(ws.id, campaignId);
  const money = (v: number) => formatMoney(v, results.currency);
  const pp = (v: number) => `${(v * 100).toFixed(2)} pp`;
  const count = (v: number) => formatNumber(v, 1);
  const winner = results.winner;

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/w/${slug}/campaigns/${campaignId}`} className="text-brand-600 hover:underline">
          ← {campaign.name}
        </Link>
      </div>
      <PageHeader
        title={`Results: ${campaign.name}`}
        description={
          <>
            Orders within {results.attributionDays} days of exposure (send for the treatment, hold-out for the control), everyone assigned counted. Counted{" "}
            {results.refreshedAt ? formatDateTime(new Date(results.refreshedAt), ws.timezone) : "not yet"} ({ws.timezone}); recounted every 10 minutes while orders can still fall in a window.
          </>
        }
      />

      <p role="status" data-testid="verdict" className={`mb-4 rounded-md border px-3 py-2 text-sm ${results.verdict.significant ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-slate-300 bg-slate-50 text-slate-800"}`}>
        {results.verdict.text}
        {results.state === "ready" ? <span className="block text-xs text-slate-600">Judged on the always-valid interval, so looking every day does not inflate false positives.</span> : null}
      </p>
      {results.warnings.map((w) => (
        <p key={w} role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {w}
        </p>
      ))}

      <div className="grid gap-4">
        {results.autoWinner ? (
          <Card title="Automatic winner">
            <div className="text-sm text-slate-700" data-testid="auto-winner">
              {winner ? (
                <>
                  <p className="font-medium text-slate-900">
                    Variant {winner.variantKey} won on {winner.metric === "revenue" ? "revenue per customer" : "conversion rate"}, decided{" "}
                    {formatDateTime(new Date(winner.decidedAt), ws.timezone)}. Everyone not yet sent now gets it ({formatNumber(winner.switchedMessages)} queued messages
                    switched at the decision).
                  </p>
                  <ResultsTable
                    className="mt-2"
                    caption="The numbers the decision was made on"
                    rows={winner.numbers.arms}
                    rowKey={(a) => a.key}
                    rowHeader={{ header: "Variant", cell: (a) => a.key }}
                    columns={[
                      { header: "Customers", cell: (a) => formatNumber(a.n) },
                      { header: winner.metric === "revenue" ? "Revenue per customer" : "Conversion rate", cell: (a) => (winner.metric === "revenue" ? money(a.mean) : formatPercent(a.mean, 2)) },
                      {
                        header: `${winner.variantKey} minus it (always-valid interval)`,
                        cell: (a) => {
                          const c = winner.numbers.comparisons.find((x) => x.against === a.key);
                          return c ? intervalText(c, winner.metric === "revenue" ? money : pp) : "winner";
                        },
                      },
                    ]}
                  />
                  <p className="mt-2 text-xs text-slate-500">
                    Each interval at {formatPercent(winner.numbers.confidence, 2)} so that all pairs together hold at 95%, and valid however often the outcomes were looked at.
                  </p>
                </>
              ) : (
                <p>
                  On: once every variant has {formatNumber(results.autoWinner.minCustomersPerVariant)} customers, the variant whose always-valid interval beats every other on{" "}
                  {results.autoWinner.metric === "revenue" ? "revenue per customer" : "conversion rate"} will be sent to the rest of the audience. No winner yet.
                </p>
              )}
            </div>
          </Card>
        ) : null}
        <Card title="Outcomes per arm" actions={<Export slug={slug} campaignId={campaignId} table="arms" />}>
          {results.arms.length === 0 ? (
            <p className="text-sm text-slate-600">Nobody assigned yet. Arms appear once the campaign is launched and its audience planned.</p>
          ) : (
            <ResultsTable
              testId="arms-table"
              rows={results.arms}
              rowKey={(a) => a.key}
              rowHeader={{ header: "Arm", cell: (a) => a.label }}
              columns={[
                { header: "Customers", cell: (a) => formatNumber(a.customers) },
                { header: "Converters", cell: (a) => formatNumber(a.converters) },
                { header: "Conversion", cell: (a) => formatPercent(a.conversionRate, 2) },
                { header: "Orders", cell: (a) => formatNumber(a.orders) },
                { header: "Revenue", cell: (a) => money(a.revenue) },
                { header: "Per customer", cell: (a) => money(a.revenuePerCustomer) },
                { header: "Avg order", cell: (a) => (a.averageOrderValue === null ? "—" : money(a.averageOrderValue)) },
                { header: "Unsubscribes", cell: (a) => formatNumber(a.unsubscribes) },
              ]}
            />
          )}
        </Card>

        {results.state === "ready" ? (
          <>
            <Card title="Against the control (95% intervals)" actions={<Export slug={slug} campaignId={campaignId} table="comparisons" />}>
              <ResultsTable
                testId="comparisons-table"
                rows={results.comparisons}
                rowKey={(c) => c.key}
                rowHeader={{ header: "Comparison", cell: (c) => c.label }}
                columns={[
                  { header: "Revenue per customer", cell: (c) => both(c.revenuePerCustomer, money) },
                  { header: "Conversion rate", cell: (c) => both(c.conversionRate, pp) },
                  { header: "Relative lift", cell: (c) => intervalText(c.relativeLift, (v) => formatPercent(v, 1)) },
                  { header: "Incremental revenue", cell: (c) => both(c.incrementalRevenue, money) },
                  { header: "Incremental conversions", cell: (c) => both(c.incrementalConversions, count) },
                  {
                    header: "ROI",
                    cell: (c) => (c.roi ? intervalText(c.roi, (v) => formatPercent(v, 0)) : <span className="text-xs text-slate-500">set a cost per message and a margin</span>),
                  },
                  {
                    header: "CUPED (revenue per customer)",
                    cell: (c) =>
                      c.cuped ? (
                        <>
                          {intervalText(c.cuped, money)}
                          <div className="text-xs text-slate-500">interval {formatPercent(c.cuped.narrowing, 0)} narrower</div>
                        </>
                      ) : (
                        <span className="text-xs text-slate-500">no pre-period revenue</span>
                      ),
                  },
                ]}
              />
              {results.variantPairs.length > 0 ? (
                <>
                  <h3 className="mt-4 text-sm font-semibold text-slate-800">
                    Variants against each other <Export slug={slug} campaignId={campaignId} table="variants" />
                  </h3>
                  <ul className="mt-1 text-sm text-slate-700">
                    {results.variantPairs.map((p) => (
                      <li key={`${p.a}-${p.b}`}>
                        {p.a} − {p.b}: revenue per customer {intervalText(p.revenuePerCustomer.sequential, money)}, conversion {intervalText(p.conversionRate.sequential, pp)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </Card>

            <Card title={`Cumulative incremental revenue (${results.currency})`} actions={<Export slug={slug} campaignId={campaignId} table="cumulative" />}>
              <CumulativeChart points={results.cumulative} currency={results.currency} />
            </Card>

            <Card title="Uplift by segment" actions={<Export slug={slug} campaignId={campaignId} table="slices" />}>
              {results.suggestion ? <p className="mb-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">{results.suggestion}</p> : null}
              {results.slices.length === 0 ? (
                <p className="text-sm text-slate-600">No slices yet: they are counted with the arms.</p>
              ) : (
                <ResultsTable
                  testId="slices-table"
                  rows={results.slices}
                  rowKey={(s) => `${s.slice}-${s.value}`}
                  rowHeader={{ header: "Slice", cell: (s) => `${SLICE_NAMES[s.slice]} ${s.value}` }}
                  columns={[
                    { header: "Control", cell: (s) => formatNumber(s.controlCustomers) },
                    { header: "Treated", cell: (s) => formatNumber(s.treatedCustomers) },
                    { header: "Revenue per customer", cell: (s) => (s.revenuePerCustomer ? intervalText(s.revenuePerCustomer, money) : <span className="text-xs text-slate-500">too few customers</span>) },
                    { header: "Incremental revenue", cell: (s) => intervalText(s.incrementalRevenue, money) },
                    { header: "Responsive", cell: (s) => (s.responsive ? "yes" : "no") },
                  ]}
                />
              )}
              <p className="mt-2 text-xs text-slate-500">
                Fixed-horizon 95% intervals per slice; &ldquo;responsive&rdquo; corrects for the number of slices of its kind. Slices are chosen after the fact: confirm with a new test before relying on them.
              </p>
            </Card>
          </>
        ) : null}
      </div>
    </>
  );
}
