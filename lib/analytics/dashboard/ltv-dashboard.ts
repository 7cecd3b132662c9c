import type { HoldoutDiagnostics } from "../recompute/holdout-diagnostics.ts";
import { readDashboard } from "./dashboard-read.ts";
import { latestRunAggregate, type ClvGroupSums, type ClvRunAggregate } from "./run-aggregates.ts";
import { valueOverviewFrom, type ValueOverview } from "./value-overview.ts";

/**
 * Everything the LTV & Churn page shows, from the latest CLV run's stored
 * aggregate (clv-slices-sql.ts) plus the names of its top customers (20 rows
 * by primary key): no page view reads customer_metrics or orders.
 */
export interface ClvSliceRow {
  /** The channel, segment or cohort start; "" = not set; null = the channels beyond the first 50, summed. */
  key: string | null;
  customers: number;
  /** Share of scored customers. */
  share: number;
  meanPAlive: number;
  meanClv12m: number;
  totalClv12m: number;
  revenueToDate: number;
}

export interface ValueCurvePoint {
  /** Share of scored customers, highest predicted CLV first (0 to 1). */
  customerShare: number;
  /** Their share of the total predicted CLV (0 to 1). */
  valueShare: number;
}

export interface ValuableAtRisk {
  /** "Valuable" = predicted CLV at or above the `quantile` quantile of scored customers. */
  quantile: number;
  band: string;
  thresholdClv: number;
  valuableCustomers: number;
  valuableClv12m: number;
  atRiskCustomers: number;
  atRiskClv12m: number;
  atRiskRevenueToDate: number;
}

export interface TopCustomer {
  customerId: string;
  name: string;
  predictedClv12m: number;
  pAlive: number;
  band: string;
  revenueToDate: number;
  segment: string;
}

export interface LtvDashboard {
  overview: ValueOverview;
  /** False for a run published before the slices were kept: the page asks for a new run. */
  hasSlices: boolean;
  customersInWorkspace: number;
  customersWithOrders: number;
  valueCurve: ValueCurvePoint[];
  byChannel: ClvSliceRow[];
  byCohortMonth: ClvSliceRow[];
  byCohortQuarter: ClvSliceRow[];
  bySegment: ClvSliceRow[];
  valuable: ValuableAtRisk | null;
  topCustomers: TopCustomer[];
  /** The model checked against held-out weeks (stored with the run's result); null when the run kept none. */
  holdout: HoldoutDiagnostics | null;
  /** Why the run has no holdout check, when it says. */
  holdoutNote: string | null;
}

export async function getLtvDashboard(workspaceId: number, signal?: AbortSignal): Promise<LtvDashboard> {
  return readDashboard(async (client) => {
    const stored = await latestRunAggregate(client, workspaceId, "clv");
    const top = stored?.data.topCustomers ?? [];
    const names = new Map<string, string>();
    if (top.length > 0) {
      const res = await client.query<{ id: string; name: string }>(
        `SELECT id::text, coalesce(nullif(trim(concat_ws(' ', first_name, last_name)), ''), email, external_id) AS name
           FROM customer WHERE workspace_id = $1 AND id = ANY ($2::bigint[])`,
        [workspaceId, top.map((t) => t.customerId)],
      );
      for (const row of res.rows) names.set(row.id, row.name);
    }
    const dashboard = ltvDashboardFrom(valueOverviewFrom(stored), stored?.data ?? null, names);
    if (stored) {
      const res = await client.query<{ holdout: HoldoutDiagnostics | { note: string } | null }>(
        `SELECT result->'holdout' AS holdout FROM analytics_run WHERE id = $1 AND workspace_id = $2`,
        [stored.runId, workspaceId],
      );
      const holdout = res.rows[0]?.holdout ?? null;
      if (holdout && "note" in holdout) dashboard.holdoutNote = holdout.note;
      else dashboard.holdout = holdout;
    }
    return dashboard;
  }, signal);
}

/** The page's numbers from a stored aggregate; pure, so the CSV export and the page agree by construction. */
export function ltvDashboardFrom(overview: ValueOverview, data: ClvRunAggregate | null, names: Map<string, string>): LtvDashboard {
  const scored = overview.scoredCustomers;
  const row = (key: string | null, g: ClvGroupSums): ClvSliceRow => ({
    key,
    customers: g.customers,
    share: scored ? g.customers / scored : 0,
    meanPAlive: g.customers ? Number(g.pAliveSum) / g.customers : 0,
    meanClv12m: g.customers ? Number(g.predictedClv12m) / g.customers : 0,
    totalClv12m: Number(g.predictedClv12m),
    revenueToDate: Number(g.revenue),
  });
  const months = (data?.byCohortMonth ?? []).map((m) => row(m.month, m));
  const valuable = data?.valuable;
  return {
    overview,
    hasSlices: data?.valueCurve !== undefined,
    customersInWorkspace: data?.customersInWorkspace ?? 0,
    customersWithOrders: data?.customersWithOrders ?? 0,
    valueCurve: valueCurve(data?.valueCurve ?? []),
    byChannel: (data?.byChannel ?? []).map((c) => row(c.channel, c)),
    byCohortMonth: months,
    byCohortQuarter: quarters(data?.byCohortMonth ?? [], row),
    bySegment: (data?.bySegment ?? []).map((s) => row(s.segment, s)),
    valuable:
      valuable && valuable.thresholdClv !== null
        ? {
            quantile: valuable.quantile,
            band: valuable.band,
            thresholdClv: Number(valuable.thresholdClv),
            valuableCustomers: valuable.customers,
            valuableClv12m: Number(valuable.totalClv),
            atRiskCustomers: valuable.atRiskCustomers,
            atRiskClv12m: Number(valuable.atRiskClv),
            atRiskRevenueToDate: Number(valuable.atRiskRevenue),
          }
        : null,
    topCustomers: (data?.topCustomers ?? []).map((t) => ({
      customerId: t.customerId,
      name: names.get(t.customerId) ?? `Customer ${t.customerId}`,
      predictedClv12m: Number(t.predictedClv12m),
      pAlive: Number(t.pAlive),
      band: t.band,
      revenueToDate: Number(t.revenue),
      segment: t.segment,
    })),
    holdout: null,
    holdoutNote: null,
  };
}

/** Cumulative shares, starting at (0, 0): the top x% of customers hold y% of predicted value. */
function valueCurve(groups: { group: number; customers: number; totalClv: number }[]): ValueCurvePoint[] {
  const customers = groups.reduce((s, g) => s + g.customers, 0);
  const total = groups.reduce((s, g) => s + Number(g.totalClv), 0);
  if (customers === 0) return [];
  const points: ValueCurvePoint[] = [{ customerShare: 0, valueShare: 0 }];
  let c = 0;
  let v = 0;
  for (const g of [...groups].sort((a, b) => a.group - b.group)) {
    c += g.customers;
    v += Number(g.totalClv);
    points.push({ customerShare: c / customers, valueShare: total > 0 ? v / total : 0 });
  }
  return points;
}

/** Calendar quarters summed from the stored months (a cohort month "YYYY-MM-01" belongs to one quarter). */
function quarters(months: (ClvGroupSums & { month: string })[], row: (key: string, g: ClvGroupSums) => ClvSliceRow): ClvSliceRow[] {
  const byQuarter = new Map<string, ClvGroupSums>();
  for (const m of months) {
    const year = m.month.slice(0, 4);
    const firstMonth = Math.floor((Number(m.month.slice(5, 7)) - 1) / 3) * 3 + 1;
    const key = `${year}-${String(firstMonth).padStart(2, "0")}-01`;
    const sums = byQuarter.get(key) ?? { customers: 0, pAliveSum: 0, predictedClv12m: 0, revenue: 0 };
    sums.customers += m.customers;
    sums.pAliveSum += Number(m.pAliveSum);
    sums.predictedClv12m += Number(m.predictedClv12m);
    sums.revenue += Number(m.revenue);
    byQuarter.set(key, sums);
  }
  return [...byQuarter.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, g]) => row(key, g));
}
