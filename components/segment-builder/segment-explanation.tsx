"use client";

import { useEffect, useState } from "react";
import type { ExplainedNode, SegmentExplanationBody } from "@/lib/segments/segment-views";
import { errorMessage } from "./response-errors";

function Verdict({ result }: { result: boolean | null }) {
  if (result === null) return <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">no effect</span>;
  return result ? (
    <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-semibold text-emerald-700 ring-1 ring-emerald-200">✓ true</span>
  ) : (
    <span className="rounded bg-red-50 px-1.5 py-0.5 text-xs font-semibold text-red-700 ring-1 ring-red-200">✗ false</span>
  );
}

function NodeRow({ node }: { node: ExplainedNode }) {
  return (
    <li className="py-1">
      <div className="flex items-start gap-2">
        <Verdict result={node.result} />
        <span className={`text-sm ${node.type === "group" ? "font-medium text-slate-800" : "text-slate-700"}`}>{node.label}</span>
        {node.actual !== undefined ? (
          <span className="text-sm text-slate-500" data-testid="actual-value">
            (this customer: <span className="font-medium text-slate-700">{node.actual}</span>)
          </span>
        ) : null}
      </div>
      {node.children && node.children.length > 0 ? (
        <ul className="ml-3 border-l border-slate-200 pl-3" aria-label={node.combinator === "or" ? "any of" : "all of"}>
          {node.children.map((c) => (
            <NodeRow key={c.id} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The rule tree with each rule marked true or false for one customer (data from the explain route). */
export function ExplanationTree({ explanation }: { explanation: SegmentExplanationBody }) {
  const { matchesNow, isMember } = explanation;
  let summary: string;
  if (matchesNow && isMember) summary = `${explanation.customerLabel} is in “${explanation.segmentName}”: the rules match.`;
  else if (!matchesNow && !isMember) summary = `${explanation.customerLabel} is not in “${explanation.segmentName}”: the rules marked false exclude them.`;
  else if (matchesNow) summary = `${explanation.customerLabel} matches the rules now but is not in the stored membership yet; the next refresh adds them.`;
  else summary = `${explanation.customerLabel} is in the stored membership but no longer matches; the next refresh removes them (static segments keep them).`;
  return (
    <div>
      <p className="mb-2 text-sm text-slate-800" role="status">
        {summary}
      </p>
      <ul aria-label={`Rules of ${explanation.segmentName} for ${explanation.customerLabel}`}>
        <NodeRow node={explanation.root} />
      </ul>
    </div>
  );
}

/** Loads and shows why a customer is (or is not) in a saved segment. */
export function SegmentExplanation({ slug, segmentId, customerId }: { slug: string; segmentId: number; customerId: string }) {
  const [state, setState] = useState<{ key: string; data?: SegmentExplanationBody; error?: string } | null>(null);
  const key = `${slug}/${segmentId}/${customerId}`;
  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/w/${encodeURIComponent(slug)}/segments/${segmentId}/explain?customerId=${encodeURIComponent(customerId)}`, {
      signal: controller.signal,
      headers: { accept: "application/json" },
    })
      .then(async (res) => {
        const json: unknown = await res.json().catch(() => null);
        if (res.ok) setState({ key, data: json as SegmentExplanationBody });
        else setState({ key, error: errorMessage(json, `Could not load the explanation (HTTP ${res.status}).`) });
      })
      .catch(() => {
        if (!controller.signal.aborted) setState({ key, error: "Could not load the explanation." });
      });
    return () => controller.abort();
  }, [slug, segmentId, customerId, key]);

  if (!state || state.key !== key) return <p className="text-sm text-slate-500">Checking each rule…</p>;
  if (state.error) return <p className="text-sm text-red-700">{state.error}</p>;
  return state.data ? <ExplanationTree explanation={state.data} /> : null;
}
