"use client";

import { useCallback, useState } from "react";
import type { AnalyticsStatus, RunView } from "@/lib/analytics/runs/analytics-status";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { responseError } from "@/components/response-error";
import { usePolling } from "@/components/use-polling";
import { formatDateTime } from "@/lib/format";

const POLL_MS = 1500;
const RETRY_MS = 5000;

const KIND_LABEL = { rfm: "RFM scores and segments", clv: "Predicted CLV and churn risk" } as const;

/**
 * "Recompute now" with live progress of the RFM and CLV runs, and when each
 * last ran. Polls the status route while a run is queued or running.
 */
export function RecomputePanel({
  workspaceSlug,
  timeZone,
  canRun,
  initialStatus = null,
}: {
  workspaceSlug: string;
  /** The workspace's time zone: times read the same on the server and in any browser. */
  timeZone: string;
  /** Whether the viewer's role may start a run (analytics.run); the server checks again. */
  canRun: boolean;
  initialStatus?: AnalyticsStatus | null;
}) {
  const [status, setStatus] = useState<AnalyticsStatus | null>(initialStatus);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const base = `/api/w/${encodeURIComponent(workspaceSlug)}/analytics`;

  const refresh = useCallback(async (): Promise<boolean> => {
    try {
      const res = await fetch(base, { cache: "no-store" });
      if (!res.ok) throw new Error(await responseError(res, `Request failed (${res.status}).`));
      setStatus((await res.json()) as AnalyticsStatus);
      setError(null);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not load the analytics status.");
      return false;
    }
  }, [base]);

  const shouldPoll = status === null || status.active;
  usePolling(refresh, shouldPoll, { intervalMs: POLL_MS, retryMs: RETRY_MS, immediate: status === null });

  async function start() {
    setStarting(true);
    setError(null);
    try {
      const res = await fetch(`${base}/recompute`, { method: "POST" });
      if (!res.ok) throw new Error(await responseError(res, `Request failed (${res.status}).`));
      const body = (await res.json()) as { status: AnalyticsStatus };
      setStatus(body.status);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not start the recompute.");
    } finally {
      setStarting(false);
    }
  }

  const active = status?.active ?? false;
  const neverRan = status !== null && !status.rfm.latest && !status.clv.latest;

  return (
    <Card
      title="Customer analytics"
      actions={
        <Button
          onClick={start}
          disabled={!canRun || active || starting}
          title={canRun ? undefined : "Only admins and analysts can start a recompute."}
        >
          {active ? "Recomputing…" : starting ? "Starting…" : "Recompute now"}
        </Button>
      }
    >
      {error ? (
        <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {status === null ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : neverRan ? (
        <p className="text-sm text-slate-600">
          Nothing has been computed yet.{" "}
          {canRun
            ? "Click Recompute now to score every customer; it also runs every night and after each import."
            : "It runs every night and after each import; an admin or analyst can also start it now."}
        </p>
      ) : (
        <ul className="space-y-4">
          <RunLine label={KIND_LABEL.rfm} run={status.rfm.latest} lastSucceeded={status.rfm.lastSucceeded} timeZone={timeZone} />
          <RunLine label={KIND_LABEL.clv} run={status.clv.latest} lastSucceeded={status.clv.lastSucceeded} timeZone={timeZone} />
        </ul>
      )}
    </Card>
  );
}

function RunLine({ label, run, lastSucceeded, timeZone }: { label: string; run: RunView | null; lastSucceeded: RunView | null; timeZone: string }) {
  if (!run) {
    return (
      <li>
        <div className="text-sm font-medium text-slate-800">{label}</div>
        <div className="text-sm text-slate-500">Not computed yet.</div>
      </li>
    );
  }
  const pending = run.status === "QUEUED" || run.status === "RUNNING";
  return (
    <li>
      <div className="flex items-center justify-between gap-2">
        <span className="text-sm font-medium text-slate-800">{label}</span>
        <StatusBadge status={run.status} />
      </div>
      {pending ? (
        <div className="mt-2">
          <ProgressBar
            value={run.status === "QUEUED" ? 0 : run.progress}
            label={run.status === "QUEUED" ? "Waiting for a worker…" : `${Math.round(run.progress)}% done`}
          />
        </div>
      ) : (
        <RunTimes run={run} timeZone={timeZone} />
      )}
      {run.status === "FAILED" && run.error ? <p className="mt-1 text-sm text-red-700">{run.error}</p> : null}
      {run.status === "QUEUED" && run.error ? <p className="mt-1 text-sm text-amber-700">{run.error}</p> : null}
      {run.status !== "SUCCEEDED" && lastSucceeded ? (
        <p className="mt-1 text-xs text-slate-500">
          Showing results of the run finished <When iso={lastSucceeded.finishedAt} timeZone={timeZone} />.
        </p>
      ) : null}
      {run.status === "SUCCEEDED" && typeof run.summary.note === "string" ? (
        <p className="mt-1 text-xs text-amber-700">{run.summary.note}</p>
      ) : null}
    </li>
  );
}

function RunTimes({ run, timeZone }: { run: RunView; timeZone: string }) {
  return (
    <p className="mt-1 text-sm text-slate-600">
      {run.status === "SUCCEEDED" ? "Finished" : "Stopped"} <When iso={run.finishedAt} timeZone={timeZone} />
      {run.durationMs !== null ? <> · took {formatDuration(run.durationMs)}</> : null}
      {" · "}
      {run.trigger === "schedule" ? "nightly" : run.trigger === "import" ? "after an import" : "started by hand"}
      {typeof run.summary.scoredCustomers === "number" ? <> · {run.summary.scoredCustomers.toLocaleString("en-US")} customers scored</> : null}
      {typeof run.summary.customers === "number" && run.kind === "clv" ? <> · {run.summary.customers.toLocaleString("en-US")} customers</> : null}
    </p>
  );
}

function StatusBadge({ status }: { status: RunView["status"] }) {
  switch (status) {
    case "SUCCEEDED":
      return <Badge tone="green">Succeeded</Badge>;
    case "FAILED":
      return <Badge tone="red">Failed</Badge>;
    case "RUNNING":
      return <Badge tone="blue">Running</Badge>;
    default:
      return <Badge tone="amber">Queued</Badge>;
  }
}

function When({ iso, timeZone }: { iso: string | null; timeZone: string }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso}>
      {formatDateTime(new Date(iso), timeZone)} ({timeZone})
    </time>
  );
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}


