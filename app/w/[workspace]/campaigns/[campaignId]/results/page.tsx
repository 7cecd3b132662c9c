import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getCampaign } from "@/lib/campaigns/list-campaigns";
import type { TwoIntervals } from "@/lib/campaigns/results/campaign-results";
import { loadCampaignResults } from "@/lib/campaigns/results/load-campaign-results";
import type { ResultsTable } from "@/lib/campaigns/results/results-csv";
import { formatDateTime, formatMoney, formatNumber, formatPercent } from "@/lib/format";
import type { Interval } from "@/lib/stats/interval";
import { orNotFound } from "@/lib/next/or-not-found";
import { pageAccess } from "@/lib/next/page-access";
import { parseRouteId } from "@/lib/route-id";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { CumulativeChart } from "./cumulative-chart";

export const metadata: Metadata = { title: "Campaign results" };

const SLICE_NAMES = { rfm_segment: "RFM segment", churn_band: "Churn band", clv_decile: "CLV decile" } as const;

function range(i: Interval | null | undefined, format: (v: number) => string): ReactNode {
  if (!i) return "—";
  return (
    <>
      {format(i.estimate)} <span className="text-xs text-slate-500">({format(i.low)} to {format(i.high)})</span>
    </>
  );
}

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

function Export({ slug, campaignId, table }: { slug: string; campaignId: number; table: ResultsTable }) {
  return (
    <a href={`/api/w/${slug}/campaigns/${campaignId}/results/export?table=${table}`} className="text-xs text-brand-600 hover:underline">
      Download CSV
    </a>
  );
}

const th = "px-2 py-1 text-left font-medium text-slate-600";
const td = "px-2 py-1 align-top tabular-nums";

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
              {results.winner ? (
                <>
                  <p className="font-medium text-slate-900">
                    Variant {results.winner.variantKey} won on {results.winner.metric === "revenue" ? "revenue per customer" : "conversion rate"}, decided{" "}
                    {formatDateTime(new Date(results.winner.decidedAt), ws.timezone)}. Everyone not yet sent now gets it ({formatNumber(results.winner.switchedMessages)} queued messages
                    switched at the decision).
                  </p>
                  <table className="mt-2 w-full text-sm">
                    <caption className="sr-only">The numbers the decision was made on</caption>
                    <thead>
                      <tr>
                        {["Variant", "Customers", results.winner.metric === "revenue" ? "Revenue per customer" : "Conversion rate", `${results.winner.variantKey} minus it (always-valid interval)`].map((h) => (
                          <th key={h} className={th} scope="col">
                            {h}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {results.winner.numbers.arms.map((a) => {
                        const c = results.winner!.numbers.comparisons.find((x) => x.against === a.key);
                        const f = results.winner!.metric === "revenue" ? money : (v: number) => formatPercent(v, 2);
                        return (
                          <tr key={a.key} className="border-t border-slate-100">
                            <th scope="row" className={th}>
                              {a.key}
                            </th>
                            <td className={td}>{formatNumber(a.n)}</td>
                            <td className={td}>{f(a.mean)}</td>
                            <td className={td}>{c ? range(c, results.winner!.metric === "revenue" ? money : pp) : "winner"}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                  <p className="mt-2 text-xs text-slate-500">
                    Each interval at {formatPercent(results.winner.numbers.confidence, 2)} so that all pairs together hold at 95%, and valid however often the outcomes were looked at.
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
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="arms-table">
                <thead>
                  <tr>
                    {["Arm", "Customers", "Converters", "Conversion", "Orders", "Revenue", "Per customer", "Avg order", "Unsubscribes"].map((h) => (
                      <th key={h} className={th} scope="col">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {results.arms.map((a) => (
                    <tr key={a.key} className="border-t border-slate-100">
                      <th scope="row" className={th}>
                        {a.label}
                      </th>
                      <td className={td}>{formatNumber(a.customers)}</td>
                      <td className={td}>{formatNumber(a.converters)}</td>
                      <td className={td}>{formatPercent(a.conversionRate, 2)}</td>
                      <td className={td}>{formatNumber(a.orders)}</td>
                      <td className={td}>{money(a.revenue)}</td>
                      <td className={td}>{money(a.revenuePerCustomer)}</td>
                      <td className={td}>{a.averageOrderValue === null ? "—" : money(a.averageOrderValue)}</td>
                      <td className={td}>{formatNumber(a.unsubscribes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        {results.state === "ready" ? (
          <>
            <Card title="Against the control (95% intervals)" actions={<Export slug={slug} campaignId={campaignId} table="comparisons" />}>
              <div className="overflow-x-auto">
                <table className="w-full text-sm" data-testid="comparisons-table">
                  <thead>
                    <tr>
                      {["Comparison", "Revenue per customer", "Conversion rate", "Relative lift", "Incremental revenue", "Incremental conversions", "ROI", "CUPED (revenue per customer)"].map((h) => (
                        <th key={h} className={th} scope="col">
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {results.comparisons.map((c) => (
                      <tr key={c.key} className="border-t border-slate-100">
                        <th scope="row" className={th}>
                          {c.label}
                        </th>
                        <td className={td}>{both(c.revenuePerCustomer, money)}</td>
                        <td className={td}>{both(c.conversionRate, pp)}</td>
                        <td className={td}>{range(c.relativeLift, (v) => formatPercent(v, 1))}</td>
                        <td className={td}>{both(c.incrementalRevenue, money)}</td>
                        <td className={td}>{both(c.incrementalConversions, count)}</td>
                        <td className={td}>{c.roi ? range(c.roi, (v) => formatPercent(v, 0)) : <span className="text-xs text-slate-500">set a cost per message and a margin</span>}</td>
                        <td className={td}>
                          {c.cuped ? (
                            <>
                              {range(c.cuped, money)}
                              <div className="text-xs text-slate-500">interval {formatPercent(c.cuped.narrowing, 0)} narrower</div>
                            </>
                          ) : (
                            <span className="text-xs text-slate-500">no pre-period revenue</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {results.variantPairs.length > 0 ? (
                <>
                  <h3 className="mt-4 text-sm font-semibold text-slate-800">
                    Variants against each other <Export slug={slug} campaignId={campaignId} table="variants" />
                  </h3>
                  <ul className="mt-1 text-sm text-slate-700">
                    {results.variantPairs.map((p) => (
                      <li key={`${p.a}-${p.b}`}>
                        {p.a} − {p.b}: revenue per customer {range(p.revenuePerCustomer.sequential, money)}, conversion {range(p.conversionRate.sequential, pp)}
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
                <div className="overflow-x-auto">
                  <table className="w-full text-sm" data-testid="slices-table">
                    <thead>
                      <tr>
                        {["Slice", "Control", "Treated", "Revenue per customer", "Incremental revenue", "Responsive"].map((h) => (
                          <th key={h} className={th} scope="col">
                            {h}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {results.slices.map((s) => (
                        <tr key={`${s.slice}-${s.value}`} className="border-t border-slate-100">
                          <th scope="row" className={th}>
                            {SLICE_NAMES[s.slice]} {s.value}
                          </th>
                          <td className={td}>{formatNumber(s.controlCustomers)}</td>
                          <td className={td}>{formatNumber(s.treatedCustomers)}</td>
                          <td className={td}>{s.revenuePerCustomer ? range(s.revenuePerCustomer, money) : <span className="text-xs text-slate-500">too few customers</span>}</td>
                          <td className={td}>{range(s.incrementalRevenue, money)}</td>
                          <td className={td}>{s.responsive ? "yes" : "no"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
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
