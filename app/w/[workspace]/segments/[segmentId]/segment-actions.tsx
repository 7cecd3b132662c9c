"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/components/segment-builder/response-errors";
import { Button, buttonClasses } from "@/components/ui/button";

/** Edit, export and archive for one segment; restore for an archived one. */
export function SegmentActions({ slug, segmentId, name, canWrite, canRestore = false }: { slug: string; segmentId: number; name: string; canWrite: boolean; canRestore?: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function archive() {
    if (!window.confirm(`Archive “${name}”? It stops refreshing and can no longer be used in rules or campaigns.`)) return;
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/w/${encodeURIComponent(slug)}/segments/${segmentId}`, { method: "DELETE" });
      const json: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        setError(errorMessage(json, `Could not archive (HTTP ${res.status}).`));
        return;
      }
      router.push(`/w/${slug}/segments`);
      router.refresh();
    } catch {
      setError("Could not archive: the server could not be reached.");
    } finally {
      setBusy(false);
    }
  }

  async function restore() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/w/${encodeURIComponent(slug)}/segments/${segmentId}/restore`, { method: "POST" });
      const json: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        setError(errorMessage(json, `Could not restore (HTTP ${res.status}).`));
        return;
      }
      router.refresh();
    } catch {
      setError("Could not restore: the server could not be reached.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap gap-2">
        <a href={`/api/w/${encodeURIComponent(slug)}/segments/${segmentId}/export`} className={buttonClasses("secondary")} download>
          Export CSV
        </a>
        {canRestore ? (
          <Button variant="primary" onClick={restore} disabled={busy}>
            Restore
          </Button>
        ) : null}
        {canWrite ? (
          <>
            <Link href={`/w/${slug}/segments/${segmentId}/edit`} className={buttonClasses("secondary")}>
              Edit
            </Link>
            <Button variant="ghost" onClick={archive} disabled={busy}>
              Archive
            </Button>
          </>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="max-w-sm text-right text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
