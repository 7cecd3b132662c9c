"use client";

import { useEffect, useRef, useState } from "react";
import type { SegmentDefinition } from "@/lib/segments/definition.schema";
import type { AudienceCount } from "@/lib/segments/segment-views";
import { errorMessage, issuesFromError, type DefinitionIssue } from "./response-errors";

export type AudienceState =
  | { status: "idle" }
  | { status: "counting"; last: AudienceCount | null }
  | { status: "done"; result: AudienceCount }
  | { status: "invalid"; issues: DefinitionIssue[]; message: string; last: AudienceCount | null }
  | { status: "error"; message: string; last: AudienceCount | null };

const DEBOUNCE_MS = 400;

/**
 * Counts the audience of the definition being edited: waits until typing
 * pauses, and aborts the request in flight when the definition changes again,
 * so a slow answer for an old definition never overwrites a newer one.
 * `definition` is null while the rules are incomplete.
 */
export function useAudienceCount(slug: string, definition: SegmentDefinition | null): AudienceState {
  const [state, setState] = useState<AudienceState>({ status: "idle" });
  const last = useRef<AudienceCount | null>(null);
  const body = definition ? JSON.stringify({ definition }) : null;

  useEffect(() => {
    if (body === null) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setState({ status: "counting", last: last.current });
      try {
        const res = await fetch(`/api/w/${encodeURIComponent(slug)}/segments/count`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body,
          signal: controller.signal,
        });
        const json: unknown = await res.json().catch(() => null);
        if (controller.signal.aborted) return;
        if (res.ok) {
          last.current = json as AudienceCount;
          setState({ status: "done", result: last.current });
        } else if (res.status === 422 || res.status === 400) {
          setState({ status: "invalid", issues: issuesFromError(json), message: errorMessage(json, "The rules cannot be counted."), last: last.current });
        } else {
          setState({ status: "error", message: errorMessage(json, `Counting failed (HTTP ${res.status}).`), last: last.current });
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        setState({ status: "error", message: err instanceof Error ? err.message : "Counting failed.", last: last.current });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [slug, body]);

  return body === null ? { status: "idle" } : state;
}
