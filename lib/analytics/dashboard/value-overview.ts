import { CHURN_RISK_BANDS } from "../recompute/analytics-settings.schema.ts";
import { P_ALIVE_BINS } from "./run-aggregates-sql.ts";
import { latestRunAggregate, type ClvRunAggregate, type StoredRunAggregate } from "./run-aggregates.ts";
import { readDashboard } from "./dashboard-read.ts";

/**
 * Aggregates the LTV & Churn page shows, from the latest CLV run's stored
 * aggregate (written when the run published), never recomputed per request.
 */
export interface ChurnBandRow {
  band: string;
  customers: number;
  share: number;
  meanPAlive: number;
  predictedClv12m: number;
  revenueToDate: number;
}

export interface ClvDecileRow {
  decile: number;
  customers: number;
  minClv: number;
  maxClv: number;
  totalClv: number;
}

export interface PAliveBin {
  /** Lower and upper edge of the bin (the last bin includes 1). */
  from: number;
  to: number;
  customers: number;
}

export interface ValueOverview {
  runId: number | null;
  finishedAt: Date | null;
  scoredCustomers: number;
  totalPredictedClv12m: number;
  meanPAlive: number | null;
  expectedPurchases365d: number;
  bands: ChurnBandRow[];
  deciles: ClvDecileRow[];
  pAliveBins: PAliveBin[];
}

export async function getValueOverview(workspaceId: number, signal?: AbortSignal): Promise<ValueOverview> {
  return valueOverviewFrom(await readDashboard((client) => latestRunAggregate(client, workspaceId, "clv"), signal));
}

/** The overview numbers of a stored CLV aggregate (null: no run yet). */
export function valueOverviewFrom(stored: StoredRunAggregate<ClvRunAggregate> | null): ValueOverview {
  const data = stored?.data;
  const bands = data?.bands ?? [];
  const scored = data?.scoredCustomers ?? 0;
  const sum = (f: (b: (typeof bands)[number]) => number) => bands.reduce((s, b) => s + Number(f(b)), 0);
  const binCounts = new Map((data?.pAliveBins ?? []).map((b) => [b.bin, b.customers]));
  return {
    runId: stored?.runId ?? null,
    finishedAt: stored?.finishedAt ?? null,
    scoredCustomers: scored,
    totalPredictedClv12m: sum((b) => b.predictedClv12m),
    meanPAlive: scored ? sum((b) => b.pAliveSum) / scored : null,
    expectedPurchases365d: sum((b) => b.expectedPurchases365d),
    bands: bands
      .map((b) => ({
        band: b.band,
        customers: b.customers,
        share: scored ? b.customers / scored : 0,
        meanPAlive: b.pAliveSum / b.customers,
        predictedClv12m: Number(b.predictedClv12m),
        revenueToDate: Number(b.revenue),
      }))
      .sort((a, b) => rank(a.band) - rank(b.band)),
    deciles: (data?.deciles ?? []).map((d) => ({ ...d, minClv: Number(d.minClv), maxClv: Number(d.maxClv), totalClv: Number(d.totalClv) })),
    pAliveBins: data
      ? Array.from({ length: P_ALIVE_BINS }, (_, i) => ({ from: i / P_ALIVE_BINS, to: (i + 1) / P_ALIVE_BINS, customers: binCounts.get(i) ?? 0 }))
      : [],
  };
}

function rank(band: string): number {
  const i = (CHURN_RISK_BANDS as readonly string[]).indexOf(band);
  return i === -1 ? CHURN_RISK_BANDS.length : i;
}
