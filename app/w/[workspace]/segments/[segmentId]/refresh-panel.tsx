"use client";

import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { errorMessage } from "@/components/segment-builder/response-errors";
import type { RefreshStatus } from "@/lib/segments/segment-views";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { usePolling } from "@/components/use-polling";
import { formatDateTime } from "@/lib/format";

const POLL_MS = 1500;

/** A timestamp from the API in the workspace's zone, or "never". */
function when(iso: string | null, timeZone: string): string {
  return iso ? formatDateTime(new Date(iso), timeZone) : "never";
}

/**
 * "Refresh now" for a dynamic segment, with the refresh's state while it is
 * queued and running; when it finishes the page re-renders with the new
 * size, history and members.
 */
export function RefreshPanel({ slug, segmentId, canWrite, timeZone, initial }: { slug: string; segmentId: number; canWrite: boolean; timeZone: string; initial: RefreshStatus }) {
  const router = useRouter();
  const [status, setStatus] = useState<RefreshStatus>(initial);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const seenRefresh = useRef(initial.lastRefreshedAt);
  const url = `/api/w/${encodeURIComponent(slug)}/segments/${segmentId}/refresh`;
  const busy = status.state === "queued" || status.state === "running";

  const poll = useCallback(async () => {
    const res = await fetch(url, { cache: "no-store" });
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) throw new Error(errorMessage(json, `HTTP ${res.status}`));
    const next = json as RefreshStatus;
    setStatus(next);
    if (next.lastRefreshedAt !== seenRefresh.current) {
      seenRefresh.current = next.lastRefreshedAt;
      router.refresh();
    }
  }, [url, router]);

  const pollReportingErrors = useCallback(async () => {
    try {
      await poll();
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not read the refresh status.");
    }
  }, [poll]);
  usePolling(pollReportingErrors, busy, { intervalMs: POLL_MS });

  async function start() {
    setStarting(true);
    setError(null);
    try {
      const res = await fetch(url, { method: "POST" });
      const json: unknown = await res.json().catch(() => null);
      if (!res.ok) throw new Error(errorMessage(json, `Could not start the refresh (HTTP ${res.status}).`));
      setStatus(json as RefreshStatus);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not start the refresh.");
    } finally {
      setStarting(false);
    }
  }

  let line: string;
  switch (status.state) {
    case "queued":
      line = "Refresh queued; it starts as soon as a worker is free.";
      break;
    case "running":
      line = "Refreshing members…";
      break;
    case "succeeded":
      line = `Refreshed ${when(status.lastRefreshedAt, timeZone)}.`;
      break;
    case "failed":
      line = `The last refresh failed: ${status.error ?? "unknown error"}`;
      break;
    default:
      line = status.lastRefreshedAt ? `Last refreshed ${when(status.lastRefreshedAt, timeZone)}; refreshed automatically every hour.` : "Not refreshed yet; the first refresh fills the segment.";
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className={`text-sm ${status.state === "failed" ? "text-red-700" : "text-slate-700"}`} role="status" aria-live="polite">
          {line}
        </p>
        <Button onClick={start} disabled={!canWrite || busy || starting} title={canWrite ? undefined : "Your role cannot refresh segments."}>
          {busy ? "Refreshing…" : starting ? "Starting…" : "Refresh now"}
        </Button>
      </div>
      {busy ? (
        <div className="mt-3">
          <ProgressBar value={status.state === "queued" ? 0 : status.progress} label={status.state === "queued" ? "Queued" : `${status.progress}%`} />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {status.error && status.state !== "failed" ? <p className="mt-2 text-xs text-amber-700">{status.error}</p> : null}
    </div>
  );
}
