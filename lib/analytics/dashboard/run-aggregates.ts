import type pg from "pg";

/** What WRITE_RFM_RUN_AGGREGATE stores (run-aggregates-sql.ts). */
export interface RfmRunAggregate {
  kind: "rfm";
  scoredCustomers: number;
  segments: { segment: string; customers: number; revenue: number; recencyDaysSum: number; ordersSum: number }[];
  cells: { r: number; f: number; m: number; customers: number; revenue: number }[];
}

/** What WRITE_CLV_RUN_AGGREGATE stores. */
export interface ClvRunAggregate {
  kind: "clv";
  scoredCustomers: number;
  bands: { band: string; customers: number; pAliveSum: number; predictedClv12m: number; expectedPurchases365d: number; revenue: number }[];
  deciles: { decile: number; customers: number; minClv: number; maxClv: number; totalClv: number }[];
  pAliveBins: { bin: number; customers: number }[];
  /** The slices below are written by WRITE_CLV_SLICE_AGGREGATE (clv-slices-sql.ts); runs from before it lack them. */
  customersInWorkspace?: number;
  customersWithOrders?: number;
  valueCurve?: { group: number; customers: number; totalClv: number }[];
  byChannel?: (ClvGroupSums & { channel: string | null })[];
  byCohortMonth?: (ClvGroupSums & { month: string })[];
  bySegment?: (ClvGroupSums & { segment: string })[];
  valuable?: {
    quantile: number;
    band: string;
    thresholdClv: number | null;
    customers: number;
    totalClv: number;
    atRiskCustomers: number;
    atRiskClv: number;
    atRiskRevenue: number;
  } | null;
  topCustomers?: { customerId: string; predictedClv12m: number; pAlive: number; band: string; revenue: number; segment: string }[];
}

/** Sums kept per slice of scored customers. */
export interface ClvGroupSums {
  customers: number;
  pAliveSum: number;
  predictedClv12m: number;
  revenue: number;
}

export interface StoredRunAggregate<T> {
  runId: number;
  finishedAt: Date | null;
  data: T;
}

/**
 * The latest successful run of a kind and its stored aggregate. A run that
 * finished before the aggregates existed has none: null, as for no run, and
 * the page says to run the analytics again.
 */
export async function latestRunAggregate<K extends "rfm" | "clv">(
  client: Pick<pg.PoolClient, "query">,
  workspaceId: number,
  kind: K,
): Promise<StoredRunAggregate<K extends "rfm" ? RfmRunAggregate : ClvRunAggregate> | null> {
  const res = await client.query<{ id: number; finished_at: Date | null; data: (K extends "rfm" ? RfmRunAggregate : ClvRunAggregate) | null }>(
    `SELECT r.id, r.finished_at, a.data
       FROM (SELECT id, finished_at FROM analytics_run WHERE workspace_id = $1 AND kind = $2 AND status = 'SUCCEEDED'
              ORDER BY created_at DESC, id DESC LIMIT 1) r
       LEFT JOIN analytics_run_aggregate a ON a.run_id = r.id`,
    [workspaceId, kind],
  );
  const row = res.rows[0];
  if (!row?.data) return null;
  return { runId: row.id, finishedAt: row.finished_at, data: row.data };
}
