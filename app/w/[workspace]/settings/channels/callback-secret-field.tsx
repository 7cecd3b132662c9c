"use client";

import { inputClasses, noteId } from "@/components/ui/field";

/** keep: the stored one; none: no secret (email only: its reports are optional); generate: made by the server at the save. */
export type CallbackChoice = "keep" | "none" | "generate" | "enter";

/**
 * The callback secret a channel's provider signs its delivery reports with,
 * write-only like every secret here: the page knows only whether one is
 * stored. A generated one is shown once, after the save.
 */
export function CallbackSecretField({
  channel,
  hasCallbackSecret,
  choice,
  secret,
  onChange,
  receiptUrl,
  error,
  optional = false,
}: {
  channel: "email" | "sms" | "push";
  hasCallbackSecret: boolean;
  choice: CallbackChoice;
  secret: string;
  onChange: (change: { choice?: CallbackChoice; secret?: string }) => void;
  /** Where the provider (or a relay) posts its reports. */
  receiptUrl: string;
  error?: string;
  /** Reports are optional for the channel: without a secret they are refused. */
  optional?: boolean;
}) {
  const id = `${channel}-callback-secret`;
  const choices: [CallbackChoice, string][] = [
    ...(hasCallbackSecret ? ([["keep", "Keep the stored secret"]] as [CallbackChoice, string][]) : []),
    ...(optional && !hasCallbackSecret ? ([["none", "None: deliveries, bounces and complaints are not received"]] as [CallbackChoice, string][]) : []),
    ["generate", hasCallbackSecret ? "Generate a new secret (the provider must be given it)" : "Generate a secret"],
    ["enter", "Enter my own (32+ characters)"],
  ];
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">{channel === "email" ? "Delivery report secret" : "Delivery receipt secret"}</legend>
      <p className="mt-1 text-xs text-slate-500">
        {hasCallbackSecret ? "A callback secret is stored. It is never shown again." : "No callback secret is stored yet."}{" "}
        {channel === "email" ? "Deliveries, bounces and complaints" : "Receipts"} are posted to <code className="break-all font-mono">{receiptUrl}</code>, signed with it
        (X-ValueLoop-Signature).
      </p>
      <div className="mt-1 space-y-1 text-sm text-slate-700">
        {choices.map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input type="radio" name={`${channel}-callback-choice`} value={value} checked={choice === value} onChange={() => onChange({ choice: value })} />
            {label}
          </label>
        ))}
      </div>
      {choice === "enter" ? (
        <input
          id={id}
          type="password"
          aria-label="Your callback secret"
          value={secret}
          onChange={(e) => onChange({ secret: e.target.value })}
          autoComplete="new-password"
          aria-describedby={noteId(id)}
          aria-invalid={error ? true : undefined}
          className={inputClasses}
        />
      ) : null}
      <div id={noteId(id)}>{error ? <p className="mt-1 text-xs text-red-700">{error}</p> : null}</div>
    </fieldset>
  );
}
