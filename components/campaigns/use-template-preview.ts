"use client";

import { useEffect, useRef, useState } from "react";
import type { TemplatePreview } from "@/lib/campaigns/templates/preview-template";
import type { TemplateContent } from "@/lib/campaigns/templates/template-content";

export type PreviewState =
  | { status: "idle" }
  | { status: "loading"; last: TemplatePreview | null }
  | { status: "done"; result: TemplatePreview }
  | { status: "error"; message: string; last: TemplatePreview | null };

const DEBOUNCE_MS = 500;

function errorText(body: unknown, status: number): string {
  const error = (body as { error?: { message?: unknown; details?: unknown } } | null)?.error;
  const details = Array.isArray(error?.details) ? (error.details as { path?: unknown; message?: unknown }[]) : [];
  const first = details.find((d) => typeof d.message === "string");
  if (first) return `${String(first.message)}${typeof first.path === "string" && first.path ? ` (${first.path})` : ""}`;
  return typeof error?.message === "string" ? error.message : `The preview failed (HTTP ${status}).`;
}

/**
 * Renders the template being edited for a real customer of the workspace on
 * the server (POST /api/w/{workspace}/templates/preview): once typing
 * pauses, aborting the request in flight when the template changes again so
 * an old answer never replaces a newer one.
 */
export function useTemplatePreview(slug: string, request: { content: TemplateContent; customerExternalId: string; campaignName: string }): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: "idle" });
  const last = useRef<TemplatePreview | null>(null);
  const externalId = request.customerExternalId.trim();
  const body = JSON.stringify({
    content: request.content,
    ...(externalId ? { customerExternalId: externalId } : {}),
    ...(request.campaignName.trim() ? { campaignName: request.campaignName.trim().slice(0, 200) } : {}),
  });

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setState({ status: "loading", last: last.current });
      try {
        const res = await fetch(`/api/w/${encodeURIComponent(slug)}/templates/preview`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body,
          signal: controller.signal,
        });
        const json: unknown = await res.json().catch(() => null);
        if (controller.signal.aborted) return;
        if (res.ok) {
          last.current = json as TemplatePreview;
          setState({ status: "done", result: last.current });
        } else {
          setState({ status: "error", message: errorText(json, res.status), last: last.current });
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        setState({ status: "error", message: err instanceof Error ? `The preview failed: ${err.message}` : "The preview failed.", last: last.current });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [slug, body]);

  return state;
}
