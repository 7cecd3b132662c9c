import { latestRunAggregate, type RfmRunAggregate, type StoredRunAggregate } from "./run-aggregates.ts";
import { readDashboard } from "./dashboard-read.ts";

export interface RfmSegmentRow {
  segment: string;
  customers: number;
  share: number;
  meanRecencyDays: number;
  meanOrders: number;
  meanRevenue: number;
  revenue: number;
}

export interface RfmOverview {
  /** The RFM run the numbers come from; null before the first run (or when its aggregate is missing). */
  runId: number | null;
  finishedAt: Date | null;
  scoredCustomers: number;
  segments: RfmSegmentRow[];
  /** Customers per (R, F) score cell: grid[r-1][f-1]. */
  grid: number[][];
  /** Revenue per (R, F) score cell. */
  revenueGrid: number[][];
}

/** Segment sizes and value, and the R × F grid, from the latest RFM run's stored aggregate. */
export async function getRfmOverview(workspaceId: number, signal?: AbortSignal): Promise<RfmOverview> {
  return rfmOverviewFrom(await readDashboard((client) => latestRunAggregate(client, workspaceId, "rfm"), signal));
}

/** The RFM page's numbers of a stored RFM aggregate (null: no run yet). */
export function rfmOverviewFrom(stored: StoredRunAggregate<RfmRunAggregate> | null): RfmOverview {
  const grid = Array.from({ length: 5 }, () => Array<number>(5).fill(0));
  const revenueGrid = Array.from({ length: 5 }, () => Array<number>(5).fill(0));
  if (!stored) return { runId: null, finishedAt: null, scoredCustomers: 0, segments: [], grid, revenueGrid };
  const { data } = stored;
  for (const c of data.cells) {
    if (c.r < 1 || c.r > 5 || c.f < 1 || c.f > 5) continue;
    grid[c.r - 1]![c.f - 1]! += c.customers;
    revenueGrid[c.r - 1]![c.f - 1]! += Number(c.revenue);
  }
  const scored = data.scoredCustomers;
  return {
    runId: stored.runId,
    finishedAt: stored.finishedAt,
    scoredCustomers: scored,
    segments: data.segments.map((s) => ({
      segment: s.segment,
      customers: s.customers,
      share: scored ? s.customers / scored : 0,
      meanRecencyDays: s.recencyDaysSum / s.customers,
      meanOrders: s.ordersSum / s.customers,
      meanRevenue: Number(s.revenue) / s.customers,
      revenue: Number(s.revenue),
    })),
    grid,
    revenueGrid,
  };
}
