"use client";

import type { RenderedMessage } from "@/lib/campaigns/templates/render-template";
import type { TemplatePreview as Preview } from "@/lib/campaigns/templates/preview-template";
import { Field, inputClasses, noteId } from "@/components/ui/field";
import type { PreviewState } from "./use-template-preview";

function Rendered({ rendered }: { rendered: RenderedMessage }) {
  switch (rendered.channel) {
    case "email":
      return (
        <div className="space-y-3">
          <dl className="space-y-1 text-sm">
            <div>
              <dt className="inline font-medium text-slate-600">Subject: </dt>
              <dd className="inline" data-testid="preview-subject">
                {rendered.subject}
              </dd>
            </div>
            {rendered.preheader ? (
              <div>
                <dt className="inline font-medium text-slate-600">Preheader: </dt>
                <dd className="inline">{rendered.preheader}</dd>
              </div>
            ) : null}
          </dl>
          {/* No scripts, no same origin, the page's CSP: the mail is shown, never run. Remote images are not loaded. */}
          <iframe title="HTML preview" sandbox="" srcDoc={rendered.html} className="h-72 w-full rounded-md border border-slate-200 bg-white" />
          <details>
            <summary className="cursor-pointer text-xs font-medium text-slate-600">Plain-text part</summary>
            <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap rounded-md bg-slate-50 p-2 text-xs">{rendered.text}</pre>
          </details>
        </div>
      );
    case "sms":
      return (
        <div className="space-y-1">
          <pre className="whitespace-pre-wrap rounded-md bg-slate-50 p-2 text-sm" data-testid="preview-sms">
            {rendered.text}
          </pre>
          <p className="text-xs text-slate-600">
            {rendered.segments} {rendered.segments === 1 ? "part" : "parts"} · {rendered.encoding} for this customer
          </p>
        </div>
      );
    case "push":
    case "webhook":
      return <pre className="max-h-72 overflow-auto rounded-md bg-slate-50 p-2 text-xs">{JSON.stringify(rendered.payload, null, 2)}</pre>;
  }
}

function Outcome({ result }: { result: Preview }) {
  if (result.status === "invalid") {
    return <p className="text-sm text-red-700">The template has problems (shown by their fields); it would not be saved or sent as it is.</p>;
  }
  if (result.status === "failed") {
    const issue = result.issues[0];
    return (
      <div role="alert" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
        It does not render for customer {result.customer.externalId} (in the {issue.field}, line {issue.line}, column {issue.column}): {issue.message} A send records
        this on that customer&apos;s message and goes on with the others.
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-600" role="status">
        As customer <span className="font-medium text-slate-800">{result.customer.externalId}</span> would get it. Links are placeholders in the preview.
      </p>
      <Rendered rendered={result.rendered} />
    </div>
  );
}

/** The live preview beside the template: which customer it renders for, and the message as they would get it. */
export function TemplatePreview({ state, customer, onCustomer }: { state: PreviewState; customer: string; onCustomer: (value: string) => void }) {
  const shown = state.status === "done" ? state.result : state.status === "idle" ? null : state.last;
  return (
    <div className="space-y-3">
      <Field id="preview-customer" label="Preview for customer" hint="Their id in your systems (external id); empty: the workspace's first customer.">
        <input
          id="preview-customer"
          value={customer}
          onChange={(e) => onCustomer(e.target.value)}
          placeholder="e.g. C-1042"
          autoComplete="off"
          aria-describedby={noteId("preview-customer")}
          className={inputClasses}
        />
      </Field>
      <div aria-busy={state.status === "loading"} className="min-h-16">
        {state.status === "loading" ? <p className="text-xs text-slate-500">Rendering…</p> : null}
        {state.status === "error" ? (
          <p role="alert" className="text-sm text-red-700">
            {state.message}
          </p>
        ) : null}
        {shown ? <Outcome result={shown} /> : state.status === "idle" ? <p className="text-xs text-slate-500">The preview appears once you start writing.</p> : null}
      </div>
    </div>
  );
}
