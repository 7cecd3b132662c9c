import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { getRfmDashboard } from "@/lib/analytics/dashboard/rfm-dashboard";
import { keptRfmRuns, rfmMigrationMatrix, type MigrationMatrix } from "@/lib/analytics/rfm/migration-matrix";
import { getAnalyticsStatus } from "@/lib/analytics/runs/analytics-status";
import { isAppError } from "@/lib/errors";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { ExportLink } from "@/components/analytics/export-link";
import { RecomputePanel } from "@/components/analytics/recompute-panel";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { MigrationView } from "./migration-view";
import { RfHeatmap } from "./rf-heatmap";

export const metadata: Metadata = { title: "RFM" };

type Query = { from?: string | string[]; to?: string | string[] };

export default async function RfmPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Query> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "analytics.read");
  const ws = access.workspace;
  const query = await searchParams;
  const [dashboard, status, keptRuns] = await Promise.all([getRfmDashboard(ws.id), getAnalyticsStatus(ws.id), keptRfmRuns(ws.id)]);
  const { overview, segmentValue } = dashboard;
  // Default: the previous kept run to the latest one.
  const from = runIdParam(query.from) ?? keptRuns[1]?.id ?? null;
  const to = runIdParam(query.to) ?? keptRuns[0]?.id ?? null;
  const moves = from !== null && to !== null ? await movesBetween(ws.id, from, to) : null;

  return (
    <>
      <PageHeader
        title="RFM"
        description="Recency, frequency and monetary scores (1–5, by quantiles of your customers; ties share a score) and the named segments they map to."
      />
      <div className="mb-6">
        <RecomputePanel workspaceSlug={slug} timeZone={ws.timezone} canRun={can(access.role, "analytics.run")} initialStatus={status} />
      </div>
      {overview.scoredCustomers === 0 ? (
        <EmptyState title="No RFM scores yet">
          Scores appear after the first RFM run{overview.runId === null ? "" : " that finds customers with orders"}. Runs start nightly, after each import, or
          with “Recompute now” above.
        </EmptyState>
      ) : (
        <>
          <p className="mb-4 rounded bg-slate-50 p-3 text-sm text-slate-700" data-testid="scoring-rule">
            Scoring rule: among the customers with at least one counted order, score = ceil(5 × (customers with a worse value + half of those tied) /
            customers), for recency (fewer days since the last order is better), frequency (orders) and monetary value (revenue); ties share a score. Details
            and the segment map: docs/rfm.md.
          </p>
          <div className="grid gap-6 xl:grid-cols-3">
            <div className="xl:col-span-2">
              <Card title="RFM segments" actions={<ExportLink slug={slug} page="rfm" table="segments" />}>
                <Table caption="RFM segments">
                  <thead>
                    <tr>
                      <Th>Segment</Th>
                      <Th className="text-right">Customers</Th>
                      <Th className="text-right">Share</Th>
                      <Th className="text-right">Mean recency (days)</Th>
                      <Th className="text-right">Mean orders</Th>
                      <Th className="text-right">Mean revenue</Th>
                      <Th className="text-right">Revenue</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {overview.segments.map((s) => (
                      <tr key={s.segment}>
                        <Td className="font-medium">{s.segment}</Td>
                        <Td className="text-right tabular-nums">{formatNumber(s.customers)}</Td>
                        <Td className="text-right tabular-nums">{formatPercent(s.share)}</Td>
                        <Td className="text-right tabular-nums">{formatNumber(s.meanRecencyDays)}</Td>
                        <Td className="text-right tabular-nums">{formatNumber(s.meanOrders, 1)}</Td>
                        <Td className="text-right tabular-nums">{formatMoney(s.meanRevenue, ws.currency)}</Td>
                        <Td className="text-right tabular-nums">{formatMoney(s.revenue, ws.currency)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </Card>
            </div>
            <Card title="Customers and revenue by recency × frequency score" actions={<ExportLink slug={slug} page="rfm" table="grid" />}>
              <RfHeatmap grid={overview.grid} revenueGrid={overview.revenueGrid} currency={ws.currency} />
            </Card>
            <Card title="Segment value" className="xl:col-span-3" actions={<ExportLink slug={slug} page="rfm" table="segment-value" />}>
              {dashboard.clvRunId === null ? (
                <p className="mb-2 text-sm text-slate-600">Predicted value per segment appears after the next CLV run (nightly, after an import, or “Recompute now”).</p>
              ) : (
                <p className="mb-2 text-xs text-slate-500">
                  Customers and revenue from the latest RFM run; predicted CLV and P(alive) from CLV run {dashboard.clvRunId}, over the customers it scored in each
                  segment when it published.
                </p>
              )}
              <Table caption="Segment value">
                <thead>
                  <tr>
                    <Th>Segment</Th>
                    <Th className="text-right">Customers</Th>
                    <Th className="text-right">Revenue to date</Th>
                    <Th className="text-right">Share of revenue</Th>
                    <Th className="text-right">Predicted CLV (12m)</Th>
                    <Th className="text-right">Share of predicted CLV</Th>
                    <Th className="text-right">Mean P(alive)</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {segmentValue.map((s) => {
                    const revenue = segmentValue.reduce((t, x) => t + x.revenue, 0);
                    const clv = segmentValue.reduce((t, x) => t + (x.predictedClv12m ?? 0), 0);
                    return (
                      <tr key={s.segment}>
                        <Td className="font-medium">{s.segment}</Td>
                        <Td className="text-right tabular-nums">{formatNumber(s.customers)}</Td>
                        <Td className="text-right tabular-nums">{formatMoney(s.revenue, ws.currency)}</Td>
                        <Td className="text-right tabular-nums">{formatPercent(revenue > 0 ? s.revenue / revenue : 0)}</Td>
                        <Td className="text-right tabular-nums">{s.predictedClv12m === null ? "—" : formatMoney(s.predictedClv12m, ws.currency)}</Td>
                        <Td className="text-right tabular-nums">{s.predictedClv12m === null || clv <= 0 ? "—" : formatPercent(s.predictedClv12m / clv)}</Td>
                        <Td className="text-right tabular-nums">{s.meanPAlive === null ? "—" : formatPercent(s.meanPAlive)}</Td>
                      </tr>
                    );
                  })}
                </tbody>
              </Table>
            </Card>
            <MigrationView
              slug={slug}
              keptRuns={keptRuns}
              from={from}
              to={to}
              matrix={moves?.matrix ?? null}
              unavailable={moves?.unavailable ?? null}
              timeZone={ws.timezone}
            />
          </div>
        </>
      )}
    </>
  );
}

/** A run id from the address; anything else is ignored (the default pair is shown). */
function runIdParam(value: string | string[] | undefined): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== undefined && /^\d{1,10}$/.test(v) ? Number(v) : null;
}

/** The moves between two runs, or why they cannot be shown (a snapshot pruned, an unknown run, the same run twice). */
async function movesBetween(workspaceId: number, from: number, to: number): Promise<{ matrix: MigrationMatrix; unavailable?: undefined } | { matrix?: undefined; unavailable: string }> {
  if (from === to) return { unavailable: "Choose two different runs to see how customers moved between them." };
  try {
    return { matrix: await rfmMigrationMatrix(workspaceId, from, to) };
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") return { unavailable: err.message };
    throw err;
  }
}
