"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { LtvSlice } from "@/lib/analytics/dashboard/ltv-slice-segment";
import { createLtvSegmentAction } from "./actions";

/**
 * "Make a segment" for one slice: asks for a name, saves a static segment of
 * the slice's customers and opens it.
 */
export function MakeSegmentButton({ slug, slice, defaultName, label }: { slug: string; slice: LtvSlice; defaultName: string; label: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(defaultName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(null);
    const result = await createLtvSegmentAction(slug, { name, slice });
    setBusy(false);
    if (!result.ok) {
      setError(result.fieldErrors ? Object.values(result.fieldErrors).join("; ") : result.error);
      return;
    }
    router.push(`/w/${slug}/segments/${result.data.segmentId}`);
  };

  if (!open) {
    return (
      <button type="button" className="text-xs text-blue-700 underline hover:text-blue-900" onClick={() => setOpen(true)} aria-label={`Make a segment: ${label}`}>
        Make segment
      </button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <label className="sr-only" htmlFor={`seg-${label}`}>
        Segment name
      </label>
      <input
        id={`seg-${label}`}
        className="w-44 rounded border border-slate-300 px-1 py-0.5 text-xs"
        value={name}
        maxLength={120}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="button" className="rounded bg-blue-600 px-2 py-0.5 text-xs text-white disabled:opacity-50" disabled={busy || !name.trim()} onClick={create}>
        {busy ? "Saving…" : "Save"}
      </button>
      <button type="button" className="text-xs text-slate-500" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
