import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { getLtvDashboard } from "@/lib/analytics/dashboard/ltv-dashboard";
import { getAnalyticsStatus } from "@/lib/analytics/runs/analytics-status";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { ExportLink } from "@/components/analytics/export-link";
import { RecomputePanel } from "@/components/analytics/recompute-panel";
import { ChartFigure } from "@/components/charts/chart-figure";
import { ClvDecileChart } from "@/components/charts/clv-decile-chart";
import { HistogramChart } from "@/components/charts/histogram-chart";
import { Card, Stat } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { MakeSegmentButton } from "./make-segment-button";
import { ModelCheck } from "./model-check";
import { TopCustomersCard, ValueCurveFigure, ValuableAtRiskCard } from "./value-cards";
import { ValueBySlice } from "./value-by-slice";

export const metadata: Metadata = { title: "LTV & Churn" };

export default async function LtvPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ cohort?: string | string[] }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "analytics.read");
  const ws = access.workspace;
  // Anything but "quarter" shows months: a hand-edited address still gets a page.
  const cohortPeriod = (await searchParams).cohort === "quarter" ? "quarter" : "month";
  const [d, status] = await Promise.all([getLtvDashboard(ws.id), getAnalyticsStatus(ws.id)]);
  const overview = d.overview;
  const fits = status.clv.lastSucceeded?.fits ?? [];
  const canSegment = can(access.role, "segments.write");

  return (
    <>
      <PageHeader
        title="LTV & Churn"
        description="Predicted 12-month customer lifetime value and the probability that each customer is still active, from buy-till-you-die models fitted to your orders."
      />
      <div className="mb-6">
        <RecomputePanel workspaceSlug={slug} timeZone={ws.timezone} canRun={can(access.role, "analytics.run")} initialStatus={status} />
      </div>
      {overview.scoredCustomers === 0 ? (
        <EmptyState title="No predictions yet">
          Predictions appear after the first CLV run has finished{overview.runId === null ? "" : " and scored customers"}. Runs start nightly, after each
          import, or with “Recompute now” above. Customers need at least one order to be scored.
        </EmptyState>
      ) : (
        <>
          <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
            <Stat label="Customers scored" value={formatNumber(overview.scoredCustomers)} />
            <Stat label="Predicted CLV, next 12 months" value={formatMoney(overview.totalPredictedClv12m, ws.currency)} />
            <Stat label="Mean P(alive)" value={overview.meanPAlive === null ? "—" : formatPercent(overview.meanPAlive)} />
            <Stat label="Expected purchases, next 365 days" value={formatNumber(overview.expectedPurchases365d)} />
          </div>
          {d.hasSlices ? (
            <p className="mb-6 text-sm text-slate-600" data-testid="not-scored">
              Not scored: {formatNumber(d.customersInWorkspace - d.customersWithOrders)} of {formatNumber(d.customersInWorkspace)} customers have never
              made a counted purchase (cancelled, refunded, failed and voided orders do not count), so the models have nothing to predict from; they are left
              out of every number on this page.
              {d.customersWithOrders > overview.scoredCustomers
                ? ` ${formatNumber(d.customersWithOrders - overview.scoredCustomers)} customers with purchases have no prediction either.`
                : ""}
            </p>
          ) : (
            <p className="mb-6 rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
              The latest CLV run finished before value by channel, cohort and segment, revenue at risk and top customers were kept. Run the analytics again
              (“Recompute now” above) to see them.
            </p>
          )}
          {d.hasSlices ? (
            <div className="mb-6 grid gap-6 2xl:grid-cols-2">
              <ValuableAtRiskCard valuable={d.valuable} currency={ws.currency} slug={slug} canSegment={canSegment} />
              <ValueCurveFigure points={d.valueCurve} slug={slug} />
            </div>
          ) : null}
          <div className="grid gap-6 2xl:grid-cols-2">
            <Card title="Churn risk" actions={<ExportLink slug={slug} page="ltv" table="bands" />}>
              <Table caption="Churn risk bands">
                <thead>
                  <tr>
                    <Th>Band</Th>
                    <Th className="text-right">Customers</Th>
                    <Th className="text-right">Share</Th>
                    <Th className="text-right">Mean P(alive)</Th>
                    <Th className="text-right">Predicted CLV (12m)</Th>
                    <Th className="text-right">Revenue to date</Th>
                    {canSegment ? <Th>Segment</Th> : null}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {overview.bands.map((b) => (
                    <tr key={b.band}>
                      <Td className="capitalize">{b.band}</Td>
                      <Td className="text-right tabular-nums">{formatNumber(b.customers)}</Td>
                      <Td className="text-right tabular-nums">{formatPercent(b.share)}</Td>
                      <Td className="text-right tabular-nums">{formatPercent(b.meanPAlive)}</Td>
                      <Td className="text-right tabular-nums">{formatMoney(b.predictedClv12m, ws.currency)}</Td>
                      <Td className="text-right tabular-nums">{formatMoney(b.revenueToDate, ws.currency)}</Td>
                      {canSegment ? (
                        <Td>
                          {b.band === "low" || b.band === "medium" || b.band === "high" ? (
                            <MakeSegmentButton slug={slug} slice={{ kind: "band", band: b.band }} label={`${b.band} churn risk`} defaultName={`Churn risk: ${b.band}`} />
                          ) : null}
                        </Td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </Table>
            </Card>
            <ChartFigure
              title={`Predicted CLV by customer decile (${ws.currency}, next 12 months)`}
              description="Customers ordered by predicted value and cut into ten equal groups; decile 1 is the lowest tenth."
              table={{
                columns: ["Decile", "Customers", `Lowest CLV (${ws.currency})`, `Highest CLV (${ws.currency})`, `Total CLV (${ws.currency})`],
                rows: overview.deciles.map((d) => [d.decile, formatNumber(d.customers), formatMoney(d.minClv, ws.currency), formatMoney(d.maxClv, ws.currency), formatMoney(d.totalClv, ws.currency)]),
              }}
            >
              <ClvDecileChart data={overview.deciles.map((d) => ({ decile: d.decile, totalClv: d.totalClv }))} currency={ws.currency} />
            </ChartFigure>
            <Card title="Customer deciles by predicted CLV" actions={<ExportLink slug={slug} page="ltv" table="deciles" />}>
              <Table caption="Customer deciles by predicted CLV">
                <thead>
                  <tr>
                    <Th>Decile</Th>
                    <Th className="text-right">Customers</Th>
                    <Th className="text-right">CLV range (12m)</Th>
                    <Th className="text-right">Total CLV (12m)</Th>
                    <Th className="text-right">Share of CLV</Th>
                    {canSegment ? <Th>Segment</Th> : null}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {overview.deciles.map((dec) => (
                    <tr key={dec.decile}>
                      <Td>D{dec.decile}</Td>
                      <Td className="text-right tabular-nums">{formatNumber(dec.customers)}</Td>
                      <Td className="text-right tabular-nums">
                        {formatMoney(dec.minClv, ws.currency)} – {formatMoney(dec.maxClv, ws.currency)}
                      </Td>
                      <Td className="text-right tabular-nums">{formatMoney(dec.totalClv, ws.currency)}</Td>
                      <Td className="text-right tabular-nums">{formatPercent(overview.totalPredictedClv12m > 0 ? dec.totalClv / overview.totalPredictedClv12m : 0)}</Td>
                      {canSegment ? (
                        <Td>
                          <MakeSegmentButton slug={slug} slice={{ kind: "decile", decile: dec.decile }} label={`decile ${dec.decile}`} defaultName={`CLV decile ${dec.decile}`} />
                        </Td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </Table>
              <p className="mt-2 text-xs text-slate-500">A decile&apos;s segment is its CLV range: customers tied on a boundary value join both neighbours.</p>
            </Card>
            <ChartFigure
              title="Customers by P(alive)"
              description="How many scored customers fall in each 5-point band of the probability that they are still active."
              table={{
                columns: ["P(alive)", "Customers"],
                rows: overview.pAliveBins.map((b) => [`${formatPercent(b.from, 0)}–${formatPercent(b.to, 0)}`, formatNumber(b.customers)]),
              }}
            >
              <HistogramChart
                data={overview.pAliveBins.map((b) => ({ label: formatPercent(b.from, 0), customers: b.customers }))}
                xLabel="P(alive), lower edge of each 5% bin"
                seriesName="Customers"
              />
            </ChartFigure>
          </div>
          {d.hasSlices ? (
            <>
              <ValueBySlice d={d} slug={slug} currency={ws.currency} cohortPeriod={cohortPeriod} canSegment={canSegment} />
              <TopCustomersCard customers={d.topCustomers} currency={ws.currency} slug={slug} />
            </>
          ) : null}
          <ModelCheck holdout={d.holdout} note={d.holdoutNote} />
          {fits.length > 0 ? (
            <Card title="Model fit (last successful run)" className="mt-6">
              <div className="grid gap-6 md:grid-cols-2">
                {fits.map((fit) => (
                  <div key={fit.model}>
                    <h3 className="text-sm font-semibold">{fit.model}</h3>
                    <p className="text-xs text-slate-500">
                      {formatNumber(fit.customers)} customers · log-likelihood {formatNumber(fit.logLikelihood, 1)} · AIC {formatNumber(fit.aic, 1)} · BIC{" "}
                      {formatNumber(fit.bic, 1)}
                    </p>
                    <Table caption={`${fit.model} parameters`}>
                      <thead>
                        <tr>
                          <Th>Parameter</Th>
                          <Th className="text-right">Estimate</Th>
                          <Th className="text-right">Std. error</Th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100">
                        {Object.entries(fit.params).map(([name, value]) => (
                          <tr key={name}>
                            <Td className="font-mono">{name}</Td>
                            <Td className="text-right tabular-nums">{value.toPrecision(4)}</Td>
                            <Td className="text-right tabular-nums">{fit.standardErrors[name]?.toPrecision(3) ?? "—"}</Td>
                          </tr>
                        ))}
                      </tbody>
                    </Table>
                  </div>
                ))}
              </div>
            </Card>
          ) : null}
        </>
      )}
    </>
  );
}
