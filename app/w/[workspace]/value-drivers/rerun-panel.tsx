"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { rerunClustersAction } from "./actions";

const K_CHOICES = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * Re-run with k chosen or "auto", and the pending run's progress: while a run
 * is queued or running the page re-reads itself every two seconds.
 */
export function RerunPanel(props: { slug: string; autoRange: string; canRun: boolean; pending: { status: string; progress: number } | null; lastError: string | null }) {
  const router = useRouter();
  const [k, setK] = useState("auto");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = props.pending !== null;

  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [pending, router]);

  const run = async () => {
    setBusy(true);
    setError(null);
    const result = await rerunClustersAction(props.slug, { k: k === "auto" ? "auto" : Number(k) });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    router.refresh();
  };

  return (
    <div className="space-y-2">
      {props.pending ? (
        <ProgressBar value={props.pending.progress} label={props.pending.status === "QUEUED" ? "Clusters run queued…" : `Computing features and clusters… ${Math.round(props.pending.progress)}%`} />
      ) : null}
      {props.lastError && !pending ? (
        <p role="alert" className="text-xs text-red-700">
          The last clusters run failed: {props.lastError}
        </p>
      ) : null}
      {props.canRun ? (
        <div className="flex items-end gap-2 text-sm">
          <label className="flex flex-col text-xs text-slate-600" htmlFor="clusters-k">
            Number of clusters
            <select id="clusters-k" className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm" value={k} onChange={(e) => setK(e.target.value)}>
              <option value="auto">Auto (best silhouette, {props.autoRange})</option>
              {K_CHOICES.map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <Button onClick={run} disabled={busy || pending}>
            Re-run clusters
          </Button>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
