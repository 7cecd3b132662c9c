"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { responseError } from "@/components/response-error";

/** A draft that cannot be previewed (e.g. stored over the upload limits): why, and the one thing to do with it. */
export function UnreadableUpload({ slug, importId, reason }: { slug: string; importId: number; reason: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function discard() {
    setBusy(true);
    const res = await fetch(`/api/w/${encodeURIComponent(slug)}/imports/${importId}`, { method: "DELETE" });
    if (!res.ok) {
      setError(await responseError(res, "Could not delete the upload."));
      setBusy(false);
      return;
    }
    router.push(`/w/${slug}/import`);
  }

  return (
    <div role="alert" className="space-y-3 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-medium">This upload cannot be shown or imported.</p>
      <p>{reason}</p>
      <p>Nothing has been imported from it.</p>
      {error ? <p className="text-red-700">{error}</p> : null}
      <Button variant="secondary" onClick={discard} disabled={busy}>
        {busy ? "Deleting…" : "Delete this upload"}
      </Button>
    </div>
  );
}
