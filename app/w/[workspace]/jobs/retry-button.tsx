"use client";

import { useState } from "react";
import type { QueueName } from "@/lib/queue/jobs";
import { Button } from "@/components/ui/button";
import { retryFailedJobAction } from "./actions";

type State = { step: "idle" | "busy" | "done"; message: string | null };

/**
 * Retry for one failed job (admins); the server checks the role and that the
 * job is this workspace's. The row stays, saying what happened, until the
 * page is refreshed.
 */
export function RetryButton({ slug, queue, jobId, label }: { slug: string; queue: QueueName; jobId: string; label: string }) {
  const [state, setState] = useState<State>({ step: "idle", message: null });

  async function retry() {
    setState({ step: "busy", message: null });
    const result = await retryFailedJobAction(slug, { queue, jobId });
    setState(result.ok ? { step: "done", message: "Retried: the job waits for a worker." } : { step: "idle", message: result.error });
  }

  if (state.step === "done") {
    return (
      <p role="status" className="text-xs text-emerald-700">
        {state.message}
      </p>
    );
  }
  return (
    <div className="flex flex-col items-start gap-1">
      <Button variant="secondary" onClick={retry} disabled={state.step === "busy"} aria-label={`Retry ${label}`}>
        {state.step === "busy" ? "Retrying…" : "Retry"}
      </Button>
      {state.message ? (
        <p role="alert" className="max-w-xs whitespace-normal text-xs text-red-700">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
