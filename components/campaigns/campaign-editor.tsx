"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useRef, useState, type FormEvent } from "react";
import type { CampaignSetup } from "@/lib/campaigns/campaign-setup";
import type { ChannelName } from "@/lib/campaigns/campaign-views";
import type { TemplateField, TemplateIssue } from "@/lib/campaigns/templates/template-issue";
import type { ActionResult } from "@/lib/next/workspace-action";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FieldInput, FieldNote, inputClasses, noteId } from "@/components/ui/field";
import { contentOf, missingChoices, segmentPathOf, segmentRequired, toCampaignInput, type EditorState } from "./editor-model";
import { PolicyFields } from "./policy-fields";
import { ExperimentFields } from "./experiment-fields";
import { BroadcastScheduleFields, RecurrenceFields, TriggerFields } from "./schedule-fields";
import { TemplateFields } from "./template-fields";
import { offsetOf } from "./template-issues";
import { TemplatePreview } from "./template-preview";
import { useTemplatePreview } from "./use-template-preview";
import { VariableCatalog } from "./variable-catalog";

export interface SavedCampaign {
  id: number;
  version: number;
}

export type EditorMode = { kind: "create" } | { kind: "update"; campaignId: number; version: number; paused: boolean };

interface Props {
  slug: string;
  timeZone: string;
  setup: CampaignSetup;
  initial: EditorState;
  mode: EditorMode;
  /** The server action that saves (create or update); it checks role and workspace again. */
  save: (slug: string, input: unknown) => Promise<ActionResult<SavedCampaign>>;
  /** Admins get a link to set up a channel. */
  canConfigureChannels: boolean;
}

type Control = HTMLInputElement | HTMLTextAreaElement;

/**
 * The campaign editor: audience, channel, template with a live preview for a
 * real customer, schedule or trigger, and policy. The server validates the
 * save; its errors stand by their fields, and a save over a newer version is
 * refused rather than overwriting it.
 */
export function CampaignEditor({ slug, timeZone, setup, initial, mode, save, canConfigureChannels }: Props) {
  const router = useRouter();
  const [state, setState] = useState<EditorState>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ text: string; conflict: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [previewCustomer, setPreviewCustomer] = useState("");
  const controls = useRef(new Map<TemplateField, Control>());
  const lastField = useRef<TemplateField | null>(null);
  const locked = mode.kind === "update" && mode.paused;
  const set = useCallback((patch: Partial<EditorState>) => setState((s) => ({ ...s, ...patch })), []);

  const content = contentOf(state);
  const preview = useTemplatePreview(slug, { content, customerExternalId: previewCustomer, campaignName: state.name });
  const previewResult = preview.status === "done" ? preview.result : preview.status === "loading" || preview.status === "error" ? preview.last : null;
  const issues: TemplateIssue[] = previewResult?.status === "invalid" ? previewResult.issues : [];

  function setTemplateField(field: TemplateField, value: string) {
    setState((s) => {
      switch (s.channel) {
        case "email":
          return { ...s, email: { ...s.email, [field]: value } };
        case "sms":
          return { ...s, sms: { text: value } };
        case "push":
        case "webhook":
          return { ...s, [s.channel]: { payload: value } };
      }
    });
  }

  function fieldsOfChannel(): TemplateField[] {
    return state.channel === "email" ? ["subject", "preheader", "html", "text"] : state.channel === "sms" ? ["text"] : ["payload"];
  }

  /** Puts the snippet at the cursor of the template field last written in (the body when none was). */
  function insert(snippet: string) {
    const fields = fieldsOfChannel();
    const field = lastField.current && fields.includes(lastField.current) ? lastField.current : (fields.find((f) => f === "html" || f === "text" || f === "payload") ?? fields[0]!);
    const el = controls.current.get(field);
    const value = el?.value ?? "";
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    setTemplateField(field, value.slice(0, start) + snippet + value.slice(end));
    requestAnimationFrame(() => {
      const now = controls.current.get(field);
      now?.focus();
      now?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  }

  function locate(issue: TemplateIssue) {
    const el = controls.current.get(issue.field);
    if (!el) return;
    const offset = offsetOf(el.value, issue.line, issue.column);
    el.focus();
    el.setSelectionRange(offset, offset);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const missing = missingChoices(state, timeZone);
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      setMessage({ text: "Please correct the highlighted fields.", conflict: false });
      return;
    }
    setBusy(true);
    const input = toCampaignInput(state, timeZone);
    const result = await save(slug, mode.kind === "update" ? { ...input, campaignId: mode.campaignId, expectedVersion: mode.version } : input);
    setBusy(false);
    if (!result.ok) {
      setErrors(result.fieldErrors ?? {});
      setMessage({ text: result.error, conflict: result.code === "CONFLICT" });
      return;
    }
    router.push(`/w/${slug}/campaigns/${result.data.id}`);
    router.refresh();
  }

  const segmentPath = segmentPathOf(state);
  const segmentNeeded = segmentRequired(state);
  // A saved campaign keeps its channel selectable even if its settings were removed since (launch says so).
  const savedChannel = mode.kind === "update" ? initial.channel : null;
  const channelChoices = setup.channels.filter((c) => c.configured || c.channel === savedChannel);
  const unconfigured = setup.channels.filter((c) => !c.configured && c.channel !== savedChannel);

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      <Card title="Campaign">
        <div className="grid gap-4 md:grid-cols-2">
          <Field id="campaign-name" label="Name" error={errors.name}>
            <FieldInput
              id="campaign-name"
              value={state.name}
              onChange={(e) => set({ name: e.target.value })}
              placeholder="Spring win-back"
              error={errors.name}
            />
          </Field>
          <fieldset disabled={locked}>
            <legend className="text-sm font-medium text-slate-800">Kind</legend>
            <div className="mt-2 flex flex-wrap gap-4 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name="kind" checked={state.kind === "broadcast"} onChange={() => set({ kind: "broadcast" })} />
                Broadcast: once, to everyone in a segment
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="kind" checked={state.kind === "recurring"} onChange={() => set({ kind: "recurring" })} />
                Recurring: to a segment every day, week or month
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="kind" checked={state.kind === "triggered"} onChange={() => set({ kind: "triggered" })} />
                Triggered: to each customer when something happens
              </label>
            </div>
            <FieldNote id="kind" error={errors.kind} />
          </fieldset>
        </div>
        {locked ? <p className="mt-3 text-xs text-slate-600">This campaign is paused: its kind, audience, channel and schedule stay as launched; its name, template and policy can change.</p> : null}
      </Card>

      <Card title="Audience and channel">
        <div className="grid gap-4 md:grid-cols-2">
          <Field
            id="campaign-segment"
            label={segmentNeeded ? "Segment" : "Only customers in this segment (optional)"}
            error={errors[segmentPath] ?? errors.segmentId}
            hint={
              setup.segments.length === 0 ? (
                <>
                  This workspace has no segments yet.{" "}
                  <Link href={`/w/${slug}/segments/new`} className="text-brand-700 underline">
                    Create one first
                  </Link>
                  .
                </>
              ) : undefined
            }
          >
            <select
              id="campaign-segment"
              value={state.segmentId}
              onChange={(e) => set({ segmentId: e.target.value })}
              disabled={locked}
              aria-describedby={noteId("campaign-segment")}
              aria-invalid={errors[segmentPath] ? true : undefined}
              className={inputClasses}
            >
              <option value="">{segmentNeeded ? "Choose a segment…" : "Any customer"}</option>
              {setup.segments.map((s) => (
                <option key={s.id} value={String(s.id)}>
                  {s.name} {s.size === null ? "(not refreshed yet)" : `(${s.size.toLocaleString("en-US")} customers)`}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id="campaign-channel"
            label="Channel"
            error={errors["content.channel"] ?? errors.content}
            hint={
              unconfigured.length > 0 ? (
                <>
                  Not set up yet: {unconfigured.map((c) => c.name).join(", ")}.{" "}
                  {canConfigureChannels ? (
                    <Link href={`/w/${slug}/settings/channels`} className="text-brand-700 underline">
                      Set up a channel under Settings → Channels
                    </Link>
                  ) : (
                    "An admin sets channels up under Settings → Channels."
                  )}
                </>
              ) : undefined
            }
          >
            <select
              id="campaign-channel"
              value={state.channel}
              onChange={(e) => set({ channel: e.target.value as ChannelName })}
              disabled={locked}
              aria-describedby={noteId("campaign-channel")}
              className={inputClasses}
            >
              {setup.channels.map((c) => (
                <option key={c.channel} value={c.channel} disabled={!channelChoices.includes(c)}>
                  {c.name}
                  {c.configured ? "" : " (not set up)"}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </Card>

      <Card title="Message">
        <div className="grid gap-6 xl:grid-cols-2">
          <div className="space-y-4">
            <TemplateFields
              state={state}
              onChange={setTemplateField}
              issues={issues}
              errors={errors}
              controlRef={(field, el) => {
                if (el) controls.current.set(field, el);
                else controls.current.delete(field);
              }}
              onFocusField={(field) => (lastField.current = field)}
              onLocate={locate}
            />
            <VariableCatalog onInsert={insert} json={state.channel === "push" || state.channel === "webhook"} />
          </div>
          <section aria-label="Preview" className="rounded-md border border-slate-200 p-3">
            <h3 className="mb-2 text-sm font-semibold text-slate-800">Preview</h3>
            <TemplatePreview state={preview} customer={previewCustomer} onCustomer={setPreviewCustomer} />
          </section>
        </div>
      </Card>

      <Card title={state.kind === "triggered" ? "Trigger" : "Schedule"}>
        {state.kind === "broadcast" ? (
          <BroadcastScheduleFields state={state} set={set} errors={errors} timeZone={timeZone} locked={locked} />
        ) : state.kind === "recurring" ? (
          <RecurrenceFields state={state} set={set} errors={errors} timeZone={timeZone} locked={locked} />
        ) : (
          <TriggerFields state={state} set={set} errors={errors} timeZone={timeZone} locked={locked} />
        )}
      </Card>

      <Card title="Policy">
        <PolicyFields state={state} set={set} errors={errors} />
      </Card>

      <Card title="Experiment">
        <ExperimentFields state={state} set={set} errors={errors} locked={locked} />
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : mode.kind === "create" ? "Save draft" : "Save changes"}
        </Button>
        <Link href={mode.kind === "create" ? `/w/${slug}/campaigns` : `/w/${slug}/campaigns/${mode.campaignId}`} className="text-sm text-slate-600 hover:underline">
          Cancel
        </Link>
        {message ? (
          <p role="alert" className="text-sm text-red-700">
            {message.text}
            {message.conflict && mode.kind === "update" ? (
              <>
                {" "}
                <a href={`/w/${slug}/campaigns/${mode.campaignId}/edit`} className="underline">
                  Reload
                </a>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
    </form>
  );
}
