import { db } from "../../db/client.ts";
import type { FeatureColumn } from "./feature-layout.ts";

/** One cluster as the Value drivers page shows it: plain JSON. */
export interface ClusterView {
  cluster: number;
  /** What the page calls it: the marketer's name, else the automatic one. */
  name: string;
  autoName: string;
  renamed: boolean;
  customers: number;
  share: number;
  revenue: number;
  predictedClv12m: number | null;
  meanPAlive: number | null;
  /** Mean of each feature column over the cluster's customers, in the columns' order. */
  featureMeans: number[];
  /** Standardised centroid: how many standard deviations each column sits from everyone clustered. */
  deviations: number[];
}

export interface ValueDriversView {
  runId: number;
  finishedAt: string | null;
  asOf: string | null;
  timezone: string | null;
  customers: number;
  clustered: number;
  k: number | null;
  kChosenBy: "silhouette" | "setting" | null;
  silhouettes: { k: number; silhouette: number }[];
  columns: FeatureColumn[];
  overallMeans: number[];
  clusters: ClusterView[];
  note: string | null;
}

/**
 * The latest successful clusters run and its clusters: a handful of kept
 * rows (value_cluster and the run record), whatever the number of customers.
 */
export async function readValueDrivers(workspaceId: number): Promise<ValueDriversView | null> {
  const run = await db.analyticsRun.findFirst({
    where: { workspaceId, kind: "clusters", status: "SUCCEEDED" },
    orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
    select: { id: true, finishedAt: true, params: true, result: true },
  });
  if (!run) return null;
  const rows = await db.valueCluster.findMany({ where: { workspaceId, runId: run.id }, orderBy: { cluster: "asc" } });
  const result = (run.result ?? {}) as Record<string, unknown>;
  const params = (run.params ?? {}) as Record<string, unknown>;
  const clustered = typeof result.clustered === "number" ? result.clustered : 0;
  return {
    runId: run.id,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    asOf: typeof params.asOf === "string" ? params.asOf : null,
    timezone: typeof params.timezone === "string" ? params.timezone : null,
    customers: typeof result.customers === "number" ? result.customers : 0,
    clustered,
    k: typeof result.k === "number" ? result.k : null,
    kChosenBy: result.kChosenBy === "silhouette" || result.kChosenBy === "setting" ? result.kChosenBy : null,
    silhouettes: Array.isArray(result.silhouettes) ? (result.silhouettes as { k: number; silhouette: number }[]) : [],
    columns: Array.isArray(result.columns) ? (result.columns as FeatureColumn[]) : [],
    overallMeans: Array.isArray(result.overallMeans) ? (result.overallMeans as number[]) : [],
    note: typeof result.note === "string" ? result.note : null,
    clusters: rows.map((r) => ({
      cluster: r.cluster,
      name: r.name ?? r.autoName,
      autoName: r.autoName,
      renamed: r.name !== null,
      customers: r.customers,
      share: clustered > 0 ? r.customers / clustered : 0,
      revenue: Number(r.revenue),
      predictedClv12m: r.predictedClv12m,
      meanPAlive: r.meanPAlive,
      featureMeans: r.featureMeans,
      deviations: r.centroid,
    })),
  };
}

export interface ClustersRunStatus {
  id: number;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  progress: number;
  error: string | null;
  k: number | "auto" | null;
}

/** The workspace's most recent clusters run, whatever its state: what the page shows while one is pending. */
export async function readLatestClustersRun(workspaceId: number): Promise<ClustersRunStatus | null> {
  const run = await db.analyticsRun.findFirst({
    where: { workspaceId, kind: "clusters" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, status: true, progress: true, error: true, params: true },
  });
  if (!run) return null;
  const k = (run.params as Record<string, unknown> | null)?.k;
  return { id: run.id, status: run.status, progress: run.progress, error: run.error, k: typeof k === "number" || k === "auto" ? k : null };
}
