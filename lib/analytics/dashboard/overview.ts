import { countCustomers } from "../../customers/list-customers.ts";
import { readDashboard } from "./dashboard-read.ts";
import { periodTotals, periodTrend, type PeriodTotals, type TrendPoint } from "./order-facts.ts";
import type { Period } from "./period.ts";
import { latestRunAggregate, type ClvRunAggregate, type RfmRunAggregate, type StoredRunAggregate } from "./run-aggregates.ts";

export interface WorkspaceOverview {
  /** All customers of the workspace, with or without orders. */
  customers: number;
  period: Period;
  current: PeriodTotals;
  previous: PeriodTotals;
  lastYear: PeriodTotals;
  trend: TrendPoint[];
  /** Value mix from the latest runs; null before the first run of each kind. */
  rfm: StoredRunAggregate<RfmRunAggregate> | null;
  clv: StoredRunAggregate<ClvRunAggregate> | null;
}

/**
 * Everything the overview shows, read from the aggregates the triggers and
 * the runs keep (docs/dashboards.md): a handful of index range reads whose
 * size depends on the period's length, not on the number of customers or
 * orders. All in one snapshot, cancelled if the request is abandoned.
 */
export async function getWorkspaceOverview(workspaceId: number, period: Period, signal?: AbortSignal): Promise<WorkspaceOverview> {
  const [customers, rest] = await Promise.all([
    countCustomers(workspaceId),
    readDashboard(async (client) => {
      const totals = await periodTotals(client, workspaceId, period);
      const trend = await periodTrend(client, workspaceId, period);
      const rfm = await latestRunAggregate(client, workspaceId, "rfm");
      const clv = await latestRunAggregate(client, workspaceId, "clv");
      return { ...totals, trend, rfm, clv };
    }, signal),
  ]);
  return { customers, period, ...rest };
}
