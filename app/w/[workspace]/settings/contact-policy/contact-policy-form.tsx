"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { CHANNEL_KINDS, CHANNEL_KIND_NAMES } from "@/lib/campaigns/policy/channel-kind-names";
import type { ParsedContactPolicyInput } from "@/lib/campaigns/policy/contact-policy-input.schema";
import { policySettingName } from "@/lib/campaigns/policy/describe-contact-policy";
import { Button } from "@/components/ui/button";
import { Field, inputClasses, noteId } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { saveContactPolicyAction } from "./actions";

type Channel = (typeof CHANNEL_KINDS)[number];

function text(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}

/** A setting that can be switched off: its checkbox, and its fields while it is on. */
function Toggle({ id, label, checked, onChange, children }: { id: string; label: string; checked: boolean; onChange: (on: boolean) => void; children: ReactNode }) {
  return (
    <fieldset className="space-y-3 border-t border-slate-100 pt-4 first:border-t-0 first:pt-0">
      <label htmlFor={id} className="flex items-center gap-2 text-sm font-semibold text-slate-800">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {children}
    </fieldset>
  );
}

/**
 * The contact policy as a form. Numbers are sent as typed; the server checks
 * every field with the policy's own schema and refuses the whole save with
 * each error by its field, so nothing half-valid is ever stored.
 */
export function ContactPolicyForm({ slug, initial, workspaceTimezone }: { slug: string; initial: ParsedContactPolicyInput; workspaceTimezone: string }) {
  const router = useRouter();
  const [capOn, setCapOn] = useState(initial.frequencyCap !== null);
  const [capMax, setCapMax] = useState(text(initial.frequencyCap?.maxMessages ?? 3));
  const [capDays, setCapDays] = useState(text(initial.frequencyCap?.perDays ?? 7));
  const [quietOn, setQuietOn] = useState(initial.quietHours !== null);
  const [quietStart, setQuietStart] = useState(initial.quietHours?.start ?? "21:00");
  const [quietEnd, setQuietEnd] = useState(initial.quietHours?.end ?? "08:00");
  const [expiry, setExpiry] = useState(text(initial.expiryHours));
  const [approval, setApproval] = useState(initial.requireApproval);
  const [rates, setRates] = useState<Record<Channel, string>>(() => {
    const byChannel = {} as Record<Channel, string>;
    for (const channel of CHANNEL_KINDS) byChannel[channel] = text(initial.ratePerSecond[channel]);
    return byChannel;
  });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const result = await saveContactPolicyAction(slug, {
      frequencyCap: capOn ? { maxMessages: capMax, perDays: capDays } : null,
      quietHours: quietOn ? { start: quietStart, end: quietEnd } : null,
      expiryHours: expiry,
      requireApproval: approval,
      ratePerSecond: rates,
    });
    setBusy(false);
    setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
    if (!result.ok) return setMessage({ ok: false, text: result.error });
    const changed = result.data.changed.map(policySettingName);
    setMessage({ ok: true, text: changed.length === 0 ? "Nothing changed." : `Contact policy saved. Changed: ${changed.join(", ")}.` });
    router.refresh();
  }

  const numberInput = (id: string, path: string, label: string, value: string, set: (v: string) => void, extra: { hint?: ReactNode; placeholder?: string; className?: string } = {}) => (
    <Field id={id} label={label} hint={extra.hint} error={fieldErrors[path]}>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        value={value}
        onChange={(e) => set(e.target.value)}
        placeholder={extra.placeholder}
        aria-describedby={noteId(id)}
        aria-invalid={fieldErrors[path] ? true : undefined}
        className={`${inputClasses} ${extra.className ?? ""}`}
      />
    </Field>
  );

  const timeInput = (id: string, path: string, label: string, value: string, set: (v: string) => void) => (
    <Field id={id} label={label} error={fieldErrors[path]}>
      <input
        id={id}
        type="time"
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-describedby={noteId(id)}
        aria-invalid={fieldErrors[path] ? true : undefined}
        className={`${inputClasses} md:w-40`}
      />
    </Field>
  );

  return (
    <form onSubmit={save} className="space-y-6" noValidate aria-label="Contact policy">
      <Toggle id="policy-cap-on" label="Limit how often a customer is contacted" checked={capOn} onChange={setCapOn}>
        <p className="text-xs text-slate-500">
          Counted per channel, by calendar day in each customer&apos;s time zone. Campaigns marked exempt (receipts, password resets) neither wait for the cap nor count
          toward it; when campaigns compete for a customer&apos;s last slot, the higher priority wins.
        </p>
        {capOn ? (
          <div className="grid gap-4 md:grid-cols-2">
            {numberInput("policy-cap-max", "frequencyCap.maxMessages", "At most this many messages", capMax, setCapMax, { hint: "1–100, per customer and channel." })}
            {numberInput("policy-cap-days", "frequencyCap.perDays", "Every this many days", capDays, setCapDays, { hint: "1–90; 1 means per calendar day." })}
          </div>
        ) : null}
      </Toggle>

      <Toggle id="policy-quiet-on" label="Hold messages during quiet hours" checked={quietOn} onChange={setQuietOn}>
        <p className="text-xs text-slate-500">
          Quiet hours apply in each customer&apos;s own time zone; customers without a known time zone use the workspace&apos;s ({workspaceTimezone}). A message due inside them
          waits until they end (daylight-saving changes included). The window may span midnight, e.g. 21:00 to 08:00. A campaign can be set to ignore them (an order receipt).
        </p>
        {quietOn ? (
          <div className="flex flex-wrap gap-4">
            {timeInput("policy-quiet-start", "quietHours.start", "Quiet from", quietStart, setQuietStart)}
            {timeInput("policy-quiet-end", "quietHours.end", "Quiet until", quietEnd, setQuietEnd)}
          </div>
        ) : null}
      </Toggle>

      <fieldset className="space-y-3 border-t border-slate-100 pt-4">
        <legend className="sr-only">Expiry</legend>
        {numberInput("policy-expiry", "expiryHours", "Drop a message still waiting after (hours)", expiry, setExpiry, {
          hint: "1–720. Counted from when the message was due: one held back by quiet hours, the cap or retries past this is dropped as expired. A campaign may set its own.",
          className: "md:w-40",
        })}
      </fieldset>

      <fieldset className="space-y-1 border-t border-slate-100 pt-4">
        <legend className="sr-only">Approval</legend>
        <label htmlFor="policy-approval" className="flex items-center gap-2 text-sm font-semibold text-slate-800">
          <input id="policy-approval" type="checkbox" checked={approval} onChange={(e) => setApproval(e.target.checked)} aria-describedby={noteId("policy-approval")} />
          Campaigns need an admin&apos;s approval before their first send
        </label>
        <div id={noteId("policy-approval")}>
          <p className="text-xs text-slate-500">A marketer&apos;s launch is refused until an admin approved the campaign; an admin&apos;s own launch counts as approval.</p>
          {fieldErrors.requireApproval ? <p className="mt-1 text-xs text-red-700">{fieldErrors.requireApproval}</p> : null}
        </div>
      </fieldset>

      <fieldset className="space-y-3 border-t border-slate-100 pt-4">
        <legend className="text-sm font-semibold text-slate-800">Send rate per channel</legend>
        <p className="text-xs text-slate-500">
          Messages per second for this workspace, shared by every worker; leave a channel empty for no limit. Set it to what your SMTP server or provider allows.
        </p>
        <div className="grid gap-4 md:grid-cols-4">
          {CHANNEL_KINDS.map((channel) => (
            <div key={channel}>
              {numberInput(`policy-rate-${channel}`, `ratePerSecond.${channel}`, `${CHANNEL_KIND_NAMES[channel]} (per second)`, rates[channel], (v) => setRates((r) => ({ ...r, [channel]: v })), {
                placeholder: "Unlimited",
              })}
            </div>
          ))}
        </div>
      </fieldset>

      <FormMessage message={message} />
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save contact policy"}
      </Button>
    </form>
  );
}
