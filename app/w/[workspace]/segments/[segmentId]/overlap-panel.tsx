"use client";

import { useEffect, useState } from "react";
import { errorMessage } from "@/components/segment-builder/response-errors";
import { inputClass } from "@/components/segment-builder/value-inputs";
import { formatNumber } from "@/lib/format";

interface OverlapBody {
  a: { id: number; name: string; size: number };
  b: { id: number; name: string; size: number };
  both: number;
  onlyA: number;
  onlyB: number;
  union: number;
}

const pct = (part: number, whole: number) => (whole === 0 ? "0%" : `${((part / whole) * 100).toFixed(1)}%`);

/** Pick another segment and see both sizes and how many customers are in both (from the stored memberships). */
export function OverlapPanel({ slug, segmentId, others }: { slug: string; segmentId: number; others: { id: number; name: string }[] }) {
  const [other, setOther] = useState("");
  const [result, setResult] = useState<{ key: string; data?: OverlapBody; error?: string } | null>(null);

  useEffect(() => {
    if (!other) return;
    const controller = new AbortController();
    fetch(`/api/w/${encodeURIComponent(slug)}/segments/${segmentId}/overlap?with=${encodeURIComponent(other)}`, { signal: controller.signal, cache: "no-store" })
      .then(async (res) => {
        const json: unknown = await res.json().catch(() => null);
        setResult(res.ok ? { key: other, data: json as OverlapBody } : { key: other, error: errorMessage(json, `HTTP ${res.status}`) });
      })
      .catch(() => {
        if (!controller.signal.aborted) setResult({ key: other, error: "Could not compare the segments." });
      });
    return () => controller.abort();
  }, [slug, segmentId, other]);

  if (others.length === 0) return <p className="text-sm text-slate-600">Create another segment to compare this one with.</p>;
  const current = result && result.key === other ? result : null;
  const data = current?.data;
  return (
    <div>
      <label className="flex flex-col text-sm font-medium text-slate-700">
        Compare with
        <select className={`${inputClass} mt-1 max-w-sm`} value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">Choose a segment…</option>
          {others.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      {other && !current ? <p className="mt-3 text-sm text-slate-500">Comparing…</p> : null}
      {current?.error ? <p className="mt-3 text-sm text-red-700">{current.error}</p> : null}
      {data ? (
        <div className="mt-4" aria-live="polite">
          <div className="flex h-6 w-full overflow-hidden rounded-md" aria-hidden="true">
            <div className="bg-brand-500" style={{ width: pct(data.onlyA, data.union) }} />
            <div className="bg-emerald-500" style={{ width: pct(data.both, data.union) }} />
            <div className="bg-amber-400" style={{ width: pct(data.onlyB, data.union) }} />
          </div>
          <dl className="mt-3 grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
            <div>
              <dt className="flex items-center gap-1 text-slate-600">
                <span className="inline-block h-2 w-2 rounded-full bg-brand-500" aria-hidden="true" />
                {data.a.name}
              </dt>
              <dd className="font-semibold tabular-nums">{formatNumber(data.a.size)} customers</dd>
              <dd className="text-xs text-slate-500">{formatNumber(data.onlyA)} only here</dd>
            </div>
            <div>
              <dt className="flex items-center gap-1 text-slate-600">
                <span className="inline-block h-2 w-2 rounded-full bg-emerald-500" aria-hidden="true" />
                In both
              </dt>
              <dd className="font-semibold tabular-nums" data-testid="overlap-both">
                {formatNumber(data.both)} customers
              </dd>
              <dd className="text-xs text-slate-500">
                {pct(data.both, data.a.size)} of {data.a.name}, {pct(data.both, data.b.size)} of {data.b.name}
              </dd>
            </div>
            <div>
              <dt className="flex items-center gap-1 text-slate-600">
                <span className="inline-block h-2 w-2 rounded-full bg-amber-400" aria-hidden="true" />
                {data.b.name}
              </dt>
              <dd className="font-semibold tabular-nums">{formatNumber(data.b.size)} customers</dd>
              <dd className="text-xs text-slate-500">{formatNumber(data.onlyB)} only there</dd>
            </div>
          </dl>
        </div>
      ) : null}
    </div>
  );
}
