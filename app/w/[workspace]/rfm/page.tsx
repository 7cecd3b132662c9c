import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { getRfmOverview } from "@/lib/analytics/dashboard/rfm-overview";
import { latestRfmRunIds, rfmMigrationMatrix, type MigrationMatrix } from "@/lib/analytics/rfm/migration-matrix";
import { getAnalyticsStatus } from "@/lib/analytics/runs/analytics-status";
import { isAppError } from "@/lib/errors";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { RecomputePanel } from "@/components/analytics/recompute-panel";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "RFM" };

export default async function RfmPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "analytics.read");
  const ws = access.workspace;
  const [overview, status, runIds] = await Promise.all([getRfmOverview(ws.id), getAnalyticsStatus(ws.id), latestRfmRunIds(ws.id)]);
  const [latest, previous] = runIds;
  const moves = latest && previous ? await movesSinceLastRun(ws.id, previous, latest) : null;
  const migration = moves?.matrix ?? null;
  const moved = migration?.cells.filter((c) => c.from !== c.to && c.from && c.to).sort((a, b) => b.customers - a.customers).slice(0, 12) ?? [];
  const maxCell = Math.max(1, ...overview.grid.flat());

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
        <div className="grid gap-6 xl:grid-cols-3">
          <div className="xl:col-span-2">
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
          </div>
          <Card title="Customers by recency × frequency score">
            <table className="w-full text-center text-xs" aria-label="Customers by R and F score">
              <thead>
                <tr>
                  <th className="p-1 text-slate-500">R \ F</th>
                  {[1, 2, 3, 4, 5].map((f) => (
                    <th key={f} className="p-1 text-slate-500">
                      {f}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[5, 4, 3, 2, 1].map((r) => (
                  <tr key={r}>
                    <th className="p-1 text-slate-500">{r}</th>
                    {overview.grid[r - 1]!.map((n, f) => (
                      <td
                        key={f}
                        className="p-1 tabular-nums"
                        style={{ backgroundColor: `rgba(47, 116, 224, ${(0.08 + 0.8 * (n / maxCell)).toFixed(2)})` }}
                        title={`R${r} F${f + 1}: ${formatNumber(n)} customers, ${formatMoney(overview.revenueGrid[r - 1]![f]!, ws.currency)} revenue`}
                      >
                        {formatNumber(n)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          {moves?.unavailable ? (
            <Card title="Biggest moves since the previous run" className="xl:col-span-3">
              <p className="text-sm text-slate-600">{moves.unavailable}</p>
            </Card>
          ) : null}
          {migration ? (
            <Card title="Biggest moves since the previous run" className="xl:col-span-3">
              <p className="mb-3 text-xs text-slate-500">
                Moves can be compared only between RFM runs whose snapshots are kept ({formatNumber(migration.keptRuns.length)} runs
                now); older snapshots are deleted by each run. An admin sets how many runs keep theirs in Analytics settings.
              </p>
              {moved.length === 0 ? (
                <p className="text-sm text-slate-600">No customer changed segment between the last two runs.</p>
              ) : (
                <Table caption="Segment migration">
                  <thead>
                    <tr>
                      <Th>From</Th>
                      <Th>To</Th>
                      <Th className="text-right">Customers</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {moved.map((c) => (
                      <tr key={`${c.from}->${c.to}`}>
                        <Td>{c.from}</Td>
                        <Td>{c.to}</Td>
                        <Td className="text-right tabular-nums">{formatNumber(c.customers)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}

/** The last two runs' moves, or why they cannot be shown (a snapshot pruned or gone); other errors are real errors. */
async function movesSinceLastRun(
  workspaceId: number,
  previous: number,
  latest: number,
): Promise<{ matrix: MigrationMatrix; unavailable?: undefined } | { matrix?: undefined; unavailable: string }> {
  try {
    return { matrix: await rfmMigrationMatrix(workspaceId, previous, latest) };
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") return { unavailable: err.message };
    throw err;
  }
}
