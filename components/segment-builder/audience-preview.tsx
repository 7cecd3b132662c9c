"use client";

import Link from "next/link";
import type { AudienceCount } from "@/lib/segments/segment-views";
import type { AudienceState } from "./use-audience-count";

function formatShare(share: number): string {
  if (share === 0) return "0%";
  if (share < 0.001) return "<0.1%";
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/** The live audience size while editing, with the share of all customers and a few matching customers. */
export function AudiencePreview({ slug, state, incompleteRules }: { slug: string; state: AudienceState; incompleteRules: number }) {
  const shown: AudienceCount | null = state.status === "done" ? state.result : state.status === "idle" ? null : state.last;
  const stale = state.status !== "done";
  let note: string | null = null;
  if (incompleteRules > 0) note = `Finish ${incompleteRules === 1 ? "1 rule" : `${incompleteRules} rules`} to update the count.`;
  else if (state.status === "counting") note = "Counting…";
  else if (state.status === "invalid") note = state.message;
  else if (state.status === "error") note = state.message;

  return (
    <section aria-labelledby="audience-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="audience-heading" className="text-sm font-semibold text-slate-800">
        Audience
      </h2>
      <div aria-live="polite" aria-atomic="true" className="mt-2">
        {shown ? (
          <p className={stale ? "text-slate-400" : "text-slate-900"}>
            <span className="text-3xl font-semibold tabular-nums" data-testid="audience-size">
              {shown.size.toLocaleString("en-US")}
            </span>{" "}
            <span className="text-sm">{shown.size === 1 ? "customer" : "customers"}</span>
            <span className="block text-sm text-slate-600">
              {formatShare(shown.share)} of {shown.total.toLocaleString("en-US")} customers
            </span>
          </p>
        ) : (
          <p className="text-sm text-slate-500">{incompleteRules > 0 ? "" : "Counting…"}</p>
        )}
        {shown ? (
          <div className="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
            <div className="h-full rounded-full bg-brand-500" style={{ width: `${Math.min(100, shown.share * 100)}%` }} />
          </div>
        ) : null}
        {note ? <p className={`mt-2 text-xs ${state.status === "error" || state.status === "invalid" ? "text-red-700" : "text-slate-500"}`}>{note}</p> : null}
      </div>
      {shown && shown.sample.length > 0 ? (
        <div className="mt-4">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Sample of matching customers</h3>
          <ul className={`mt-1 divide-y divide-slate-100 text-sm ${stale ? "opacity-60" : ""}`}>
            {shown.sample.map((c) => (
              <li key={c.id} className="py-1">
                <Link href={`/w/${slug}/customers/${c.id}`} className="text-brand-700 hover:underline" target="_blank">
                  {c.name || c.email || c.externalId}
                </Link>
                {c.email && c.name ? <span className="block truncate text-xs text-slate-500">{c.email}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
