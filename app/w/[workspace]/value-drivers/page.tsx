import type { Metadata } from "next";
import { readClusterSettings } from "@/lib/analytics/clusters/cluster-settings";
import { readLatestClustersRun, readValueDrivers, type ClusterView } from "@/lib/analytics/clusters/cluster-views";
import type { FeatureColumn } from "@/lib/analytics/clusters/feature-layout";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { formatDateTime, formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { ChartFigure } from "@/components/charts/chart-figure";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { ClusterControls } from "./cluster-controls";
import { DeviationChart } from "./deviation-chart";
import { RerunPanel } from "./rerun-panel";

export const metadata: Metadata = { title: "Value drivers" };

export default async function ValueDriversPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "analytics.read");
  const ws = access.workspace;
  const [view, latest, settingsRow] = await Promise.all([
    readValueDrivers(ws.id),
    readLatestClustersRun(ws.id),
    db.workspace.findUnique({ where: { id: ws.id }, select: { settings: true } }),
  ]);
  let autoRange = "3–8";
  try {
    const s = readClusterSettings(settingsRow?.settings);
    autoRange = `${s.kMin}–${s.kMax}`;
  } catch {
    // Invalid settings fail the run with a message; the page still shows what was kept.
  }
  const pending = latest && (latest.status === "QUEUED" || latest.status === "RUNNING") ? { status: latest.status, progress: latest.progress } : null;
  const lastError = latest?.status === "FAILED" ? latest.error : null;
  const panel = <RerunPanel slug={slug} autoRange={autoRange} canRun={can(access.role, "analytics.run")} pending={pending} lastError={lastError} />;
  const description =
    "Customers grouped by how they buy (basket size, discounts, price level, new products, regularity, categories and channels), and what each group is worth.";

  if (!view || view.clusters.length === 0) {
    return (
      <>
        <PageHeader title="Value drivers" description={description} />
        <div className="space-y-4">
          <EmptyState title={view ? "Not enough order lines to cluster yet" : "No value clusters yet"}>
            {view?.note ??
              "Clusters are built from order lines. Import order lines (Data import → order lines, with products and their categories), then run analytics: the clusters run starts after each CLV run, or start one here."}
          </EmptyState>
          <Card>{panel}</Card>
        </div>
      </>
    );
  }

  const tz = view.timezone ?? ws.timezone;
  const currency = ws.currency;
  return (
    <>
      <PageHeader title="Value drivers" description={description} />
      <div className="space-y-6">
        <Card title="Clusters and their value">
          <p className="mb-3 text-xs text-slate-500">
            {formatNumber(view.clustered)} of {formatNumber(view.customers)} customers with orders clustered (the rest have no priced order lines), as of{" "}
            {formatDateTime(view.asOf ? new Date(view.asOf) : null, tz)}. k = {view.k}{" "}
            {view.kChosenBy === "silhouette" ? `chosen by the best mean silhouette (${silhouetteText(view.silhouettes)})` : "as asked"}. Value is from the latest RFM and CLV
            runs.
          </p>
          <Table caption="Size and value of each cluster">
            <thead>
              <tr>
                <Th>Cluster</Th>
                <Th className="text-right">Customers</Th>
                <Th className="text-right">Share</Th>
                <Th className="text-right">Revenue ({currency})</Th>
                <Th className="text-right">Revenue per customer</Th>
                <Th className="text-right">Predicted CLV, 12 months ({currency})</Th>
                <Th className="text-right">Mean P(alive)</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {view.clusters.map((c) => (
                <tr key={c.cluster}>
                  <Td>
                    <a className="text-brand-700 underline" href={`#cluster-${c.cluster}`}>
                      {c.cluster + 1}. {c.name}
                    </a>
                  </Td>
                  <Td className="text-right tabular-nums">{formatNumber(c.customers)}</Td>
                  <Td className="text-right tabular-nums">{formatPercent(c.share)}</Td>
                  <Td className="text-right tabular-nums">{formatMoney(c.revenue, currency)}</Td>
                  <Td className="text-right tabular-nums">{formatMoney(c.customers > 0 ? c.revenue / c.customers : 0, currency)}</Td>
                  <Td className="text-right tabular-nums">{c.predictedClv12m === null ? "—" : formatMoney(c.predictedClv12m, currency)}</Td>
                  <Td className="text-right tabular-nums">{c.meanPAlive === null ? "—" : formatPercent(c.meanPAlive)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
        <Card title="Re-run">{panel}</Card>
        {view.clusters.map((c) => (
          <section key={c.cluster} id={`cluster-${c.cluster}`} aria-label={`Cluster ${c.cluster + 1}: ${c.name}`}>
            <ChartFigure
              title={`Cluster ${c.cluster + 1}: ${c.name} — profile against all clustered customers`}
              description={`${formatNumber(c.customers)} customers${c.renamed ? ` (named automatically “${c.autoName}”)` : ""}. Bars: the cluster's mean in standard deviations from everyone's.`}
              table={{
                columns: ["Feature", "Cluster mean", "All clustered customers", "Deviation (standard deviations)"],
                rows: view.columns.map((col, j) => [col.label, formatFeature(col, c.featureMeans[j], currency), formatFeature(col, view.overallMeans[j], currency), (c.deviations[j] ?? 0).toFixed(2)]),
              }}
            >
              <DeviationChart clusterName={c.name} data={profilePoints(view.columns, c)} />
            </ChartFigure>
            <ClusterControls
              slug={slug}
              runId={view.runId}
              cluster={c.cluster}
              name={c.name}
              canRename={can(access.role, "clusters.rename")}
              canCreateSegments={can(access.role, "segments.write")}
            />
          </section>
        ))}
      </div>
    </>
  );
}

/** The features worth a bar: every behaviour feature, and the shares that move at all. */
function profilePoints(columns: FeatureColumn[], c: ClusterView) {
  return columns
    .map((col, j) => ({ feature: col.label, deviation: Number((c.deviations[j] ?? 0).toFixed(3)), share: col.kind === "category" || col.kind === "channel" }))
    .filter((p) => !p.share || Math.abs(p.deviation) >= 0.05)
    .map(({ feature, deviation }) => ({ feature, deviation }));
}

function formatFeature(col: FeatureColumn, value: number | undefined, currency: string): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  switch (col.unit) {
    case "currency":
      return formatMoney(value, currency);
    case "share":
      return formatPercent(value);
    case "ratio":
      return `${formatNumber(value, 2)} × median`;
    case "cv":
      return formatNumber(value, 2);
  }
}

function silhouetteText(s: { k: number; silhouette: number }[]): string {
  return s.map((x) => `k=${x.k}: ${x.silhouette.toFixed(2)}`).join(", ");
}
