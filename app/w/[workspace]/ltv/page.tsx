import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { getValueOverview } from "@/lib/analytics/dashboard/value-overview";
import { getAnalyticsStatus } from "@/lib/analytics/runs/analytics-status";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { RecomputePanel } from "@/components/analytics/recompute-panel";
import { ChartFigure } from "@/components/charts/chart-figure";
import { ClvDecileChart } from "@/components/charts/clv-decile-chart";
import { HistogramChart } from "@/components/charts/histogram-chart";
import { Card, Stat } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "LTV & Churn" };

export default async function LtvPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "analytics.read");
  const ws = access.workspace;
  const [overview, status] = await Promise.all([getValueOverview(ws.id), getAnalyticsStatus(ws.id)]);
  const fits = status.clv.lastSucceeded?.fits ?? [];

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
          <div className="grid gap-6 2xl:grid-cols-2">
            <Card title="Churn risk">
              <Table caption="Churn risk bands">
                <thead>
                  <tr>
                    <Th>Band</Th>
                    <Th className="text-right">Customers</Th>
                    <Th className="text-right">Share</Th>
                    <Th className="text-right">Mean P(alive)</Th>
                    <Th className="text-right">Predicted CLV (12m)</Th>
                    <Th className="text-right">Revenue to date</Th>
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
