import { db } from "../../db/client.ts";
import type { FitSummary } from "../recompute/compute-clv.ts";
import type { AnalyticsKind } from "./run-records.ts";

/** One run as the UI and the API show it: plain JSON (ISO dates, numbers). */
export interface RunView {
  id: number;
  kind: AnalyticsKind;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  trigger: string;
  progress: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  asOf: string | null;
  /** Headline numbers from the run's result (customers scored, model, ...). */
  summary: Record<string, string | number | boolean | null>;
  /** A CLV run's model fits (transaction, then spend) with standard errors; empty otherwise. */
  fits: FitSummary[];
}

export interface KindStatus {
  latest: RunView | null;
  lastSucceeded: RunView | null;
}

export interface AnalyticsStatus {
  /** True while any run is queued or running: the UI keeps polling. */
  active: boolean;
  rfm: KindStatus;
  clv: KindStatus;
}

const runSelect = {
  id: true,
  kind: true,
  status: true,
  trigger: true,
  progress: true,
  params: true,
  result: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

/** The latest and last successful RFM and CLV runs of a workspace. */
export async function getAnalyticsStatus(workspaceId: number): Promise<AnalyticsStatus> {
  const [rfm, clv] = await Promise.all([kindStatus(workspaceId, "rfm"), kindStatus(workspaceId, "clv")]);
  const active = [rfm.latest, clv.latest].some((run) => run?.status === "QUEUED" || run?.status === "RUNNING");
  return { active, rfm, clv };
}

async function kindStatus(workspaceId: number, kind: AnalyticsKind): Promise<KindStatus> {
  const orderBy = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const [latest, lastSucceeded] = await Promise.all([
    db.analyticsRun.findFirst({ where: { workspaceId, kind }, orderBy, select: runSelect }),
    db.analyticsRun.findFirst({ where: { workspaceId, kind, status: "SUCCEEDED" }, orderBy, select: runSelect }),
  ]);
  return { latest: latest ? toView(latest) : null, lastSucceeded: lastSucceeded ? toView(lastSucceeded) : null };
}

type RunRow = NonNullable<Awaited<ReturnType<typeof db.analyticsRun.findFirst<{ select: typeof runSelect }>>>>;

function toView(run: RunRow): RunView {
  const params = asRecord(run.params);
  const result = asRecord(run.result);
  return {
    id: run.id,
    kind: run.kind === "clv" ? "clv" : "rfm",
    status: run.status,
    trigger: run.trigger,
    progress: run.progress,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    error: run.error,
    asOf: typeof params.asOf === "string" ? params.asOf : null,
    summary: run.kind === "clv" ? clvSummary(result) : rfmSummary(result),
    fits: run.kind === "clv" ? [result.transactionModel, result.spendModel].filter(isFitSummary) : [],
  };
}

function isFitSummary(value: unknown): value is FitSummary {
  const v = asRecord(value);
  return typeof v.model === "string" && typeof v.params === "object" && v.params !== null;
}

function rfmSummary(result: Record<string, unknown>): RunView["summary"] {
  return { customers: num(result.customers), scoredCustomers: num(result.scoredCustomers) };
}

function clvSummary(result: Record<string, unknown>): RunView["summary"] {
  const model = asRecord(result.transactionModel);
  return {
    customers: num(result.customers),
    model: typeof model.model === "string" ? model.model : null,
    converged: typeof model.converged === "boolean" ? model.converged : null,
    totalPredictedClv12m: num(result.totalPredictedClv12m),
    note: typeof result.note === "string" ? result.note : null,
  };
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
