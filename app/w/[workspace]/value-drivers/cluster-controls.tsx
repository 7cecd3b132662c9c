"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { createClusterSegmentAction, renameClusterAction } from "./actions";

/** Rename a cluster and save its customers as a segment; each shown only to roles the server allows. */
export function ClusterControls(props: { slug: string; runId: number; cluster: number; name: string; canRename: boolean; canCreateSegments: boolean }) {
  const router = useRouter();
  const [name, setName] = useState(props.name);
  const [segmentName, setSegmentName] = useState(props.name);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const id = `cluster-${props.cluster}`;

  const rename = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const result = await renameClusterAction(props.slug, { runId: props.runId, cluster: props.cluster, name });
    setBusy(false);
    if (!result.ok) {
      setMessage({ tone: "error", text: result.fieldErrors ? Object.values(result.fieldErrors).join("; ") : result.error });
      return;
    }
    setMessage({ tone: "ok", text: `Renamed to “${result.data.name}”.` });
    router.refresh();
  };

  const makeSegment = async () => {
    setBusy(true);
    setMessage(null);
    const result = await createClusterSegmentAction(props.slug, { runId: props.runId, cluster: props.cluster, name: segmentName });
    setBusy(false);
    if (!result.ok) {
      setMessage({ tone: "error", text: result.fieldErrors ? Object.values(result.fieldErrors).join("; ") : result.error });
      return;
    }
    router.push(`/w/${props.slug}/segments/${result.data.segmentId}`);
  };

  if (!props.canRename && !props.canCreateSegments) return null;
  return (
    <div className="mt-3 flex flex-wrap items-end gap-4 border-t border-slate-100 pt-3 text-sm">
      {props.canRename ? (
        <form onSubmit={rename} className="flex items-end gap-2">
          <label className="flex flex-col text-xs text-slate-600" htmlFor={`${id}-name`}>
            Cluster name (empty restores the automatic one)
            <input id={`${id}-name`} className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
          </label>
          <Button type="submit" variant="secondary" disabled={busy}>
            Rename
          </Button>
        </form>
      ) : null}
      {props.canCreateSegments ? (
        <div className="flex items-end gap-2">
          <label className="flex flex-col text-xs text-slate-600" htmlFor={`${id}-segment`}>
            Segment name
            <input id={`${id}-segment`} className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm" value={segmentName} maxLength={120} onChange={(e) => setSegmentName(e.target.value)} />
          </label>
          <Button variant="secondary" disabled={busy} onClick={makeSegment}>
            Make a segment
          </Button>
        </div>
      ) : null}
      {message ? (
        <p role={message.tone === "error" ? "alert" : "status"} className={message.tone === "error" ? "text-xs text-red-700" : "text-xs text-emerald-700"}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
