import { readDashboard } from "./dashboard-read.ts";
import { rfmOverviewFrom, type RfmOverview } from "./rfm-overview.ts";
import { latestRunAggregate, type ClvRunAggregate } from "./run-aggregates.ts";

export interface RfmSegmentValueRow {
  segment: string;
  /** From the latest RFM run. */
  customers: number;
  revenue: number;
  /** From the latest CLV run, over the customers it scored who were in this segment when it published; null without one. */
  clvCustomers: number | null;
  predictedClv12m: number | null;
  meanPAlive: number | null;
}

export interface RfmDashboard {
  overview: RfmOverview;
  /** The CLV run the predicted values come from; null before the first one (or one published before it kept them). */
  clvRunId: number | null;
  segmentValue: RfmSegmentValueRow[];
}

/** The RFM page's stored numbers: the latest RFM run's aggregate and, per segment, the latest CLV run's predicted value. */
export async function getRfmDashboard(workspaceId: number, signal?: AbortSignal): Promise<RfmDashboard> {
  return readDashboard(async (client) => {
    const rfm = await latestRunAggregate(client, workspaceId, "rfm");
    const clv = await latestRunAggregate(client, workspaceId, "clv");
    const overview = rfmOverviewFrom(rfm);
    const hasSegments = clv?.data.bySegment !== undefined;
    return { overview, clvRunId: hasSegments ? clv!.runId : null, segmentValue: segmentValue(overview, hasSegments ? clv!.data : null) };
  }, signal);
}

export function segmentValue(overview: RfmOverview, clv: ClvRunAggregate | null): RfmSegmentValueRow[] {
  const bySegment = new Map((clv?.bySegment ?? []).map((s) => [s.segment, s]));
  return overview.segments.map((s) => {
    const v = bySegment.get(s.segment);
    return {
      segment: s.segment,
      customers: s.customers,
      revenue: s.revenue,
      clvCustomers: clv ? (v?.customers ?? 0) : null,
      predictedClv12m: clv ? Number(v?.predictedClv12m ?? 0) : null,
      meanPAlive: v && v.customers > 0 ? Number(v.pAliveSum) / v.customers : null,
    };
  });
}
