"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { IMPORT_KINDS } from "@/lib/ingest/import-kinds";
import type { ImportSummary } from "@/lib/ingest/imports/get-import";
import type { RowError } from "@/lib/ingest/imports/row-converter";
import { Button } from "@/components/ui/button";
import { Stat } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { responseError } from "@/components/response-error";
import { usePolling } from "@/components/use-polling";
import { ImportStatusBadge } from "../status-badge";
import { formatNumber } from "@/lib/format";

const POLL_MS = 1000;

const n = (v: number) => formatNumber(v);

/** Step 3: progress while the worker runs (polled), then the outcome and the rejected rows. */
export function ImportProgress({ slug, initial, initialErrors }: { slug: string; initial: ImportSummary; initialErrors: RowError[] }) {
  const router = useRouter();
  const [summary, setSummary] = useState(initial);
  const [errors, setErrors] = useState(initialErrors);
  const [pollError, setPollError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState(false);
  const base = `/api/w/${encodeURIComponent(slug)}/imports/${initial.id}`;
  const active = summary.status === "QUEUED" || summary.status === "RUNNING";

  const poll = useCallback(async () => {
    try {
      const res = await fetch(base, { cache: "no-store" });
      if (!res.ok) throw new Error(await responseError(res, `HTTP ${res.status}`));
      const body = (await res.json()) as { import: ImportSummary; errors: RowError[] };
      setSummary(body.import);
      setErrors(body.errors);
      setPollError(null);
    } catch (err) {
      setPollError(err instanceof Error ? err.message : "Could not read the progress.");
    }
  }, [base]);
  usePolling(poll, active, { intervalMs: POLL_MS });

  async function retry() {
    setRetrying(true);
    const res = await fetch(`${base}/retry`, { method: "POST" });
    if (res.ok) setSummary(((await res.json()) as { import: ImportSummary }).import);
    else setPollError(await responseError(res, "Could not run the import again."));
    setRetrying(false);
    router.refresh();
  }

  const noun = IMPORT_KINDS[summary.kind].plural;
  return (
    <div className="space-y-6">
      <div className="flex items-center gap-3">
        <ImportStatusBadge summary={summary} />
        {active ? <span className="text-sm text-slate-600">You can leave this page; the import continues in the background.</span> : null}
      </div>
      {active ? (
        <ProgressBar
          value={summary.progress}
          label={summary.status === "QUEUED" ? (summary.error ?? "Waiting for a worker…") : `${n(summary.processedRows)} of about ${n(summary.totalRows)} rows (${summary.progress}%)`}
        />
      ) : null}
      {summary.status === "FAILED" ? (
        <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          <p className="font-medium">The import stopped.</p>
          <p className="mt-1">{summary.error}</p>
          <Button className="mt-3" variant="secondary" onClick={retry} disabled={retrying}>
            {retrying ? "Starting…" : "Run it again"}
          </Button>
        </div>
      ) : null}
      {pollError ? <p className="text-sm text-amber-800">{pollError}</p> : null}

      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Stat label={`New ${noun}`} value={n(summary.insertedRows)} />
        <Stat label="Updated" value={n(summary.updatedRows)} />
        <Stat label="Unchanged" value={n(summary.unchangedRows)} hint="Already stored exactly like this" />
        {summary.kind === "ORDERS" ? <Stat label="Customers created" value={n(summary.createdCustomers)} hint="From orders naming an unknown customer ID" /> : null}
        <Stat label="Rejected rows" value={n(summary.errorCount)} />
      </div>

      {summary.errorCount > 0 ? (
        <section aria-labelledby="rejected-heading">
          <div className="mb-2 flex items-center justify-between">
            <h2 id="rejected-heading" className="text-sm font-semibold text-slate-800">
              Rejected rows {errors.length < summary.errorCount ? `(first ${errors.length} problems shown)` : null}
            </h2>
            <a href={`${base}/errors`} className="text-sm font-medium text-brand-600 hover:underline" download>
              Download rejected rows (CSV)
            </a>
          </div>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Rejected rows</caption>
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th className="px-3 py-2">Line</th>
                  <th className="px-3 py-2">Column</th>
                  <th className="px-3 py-2">Value</th>
                  <th className="px-3 py-2">Reason</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {errors.map((e, i) => (
                  <tr key={`${e.line}-${e.column}-${i}`}>
                    <td className="px-3 py-1.5 tabular-nums">{e.line}</td>
                    <td className="px-3 py-1.5">{e.column}</td>
                    <td className="max-w-xs truncate px-3 py-1.5 font-mono text-xs">{e.value || "(empty)"}</td>
                    <td className="px-3 py-1.5 text-red-700">{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-2 text-xs text-slate-500">Fix these rows in your file and import it again: rows already imported are matched by ID and stay as they are.</p>
        </section>
      ) : null}
    </div>
  );
}
