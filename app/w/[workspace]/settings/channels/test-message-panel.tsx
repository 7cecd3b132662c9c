"use client";

import { useState, type FormEvent } from "react";
import type { TestMessageResult } from "@/lib/channels/send-test-message";
import type { TestMessageInput } from "@/lib/channels/send-test-message.schema";
import { Button } from "@/components/ui/button";
import { sendTestMessageAction } from "./actions";
import { Field, inputClasses, noteId } from "./field";
import { FormMessage } from "./form-message";

const ANSWERED_BY: Record<TestMessageInput["channel"], string> = { email: "SMTP server", sms: "SMS provider", push: "push provider", webhook: "receiver" };

/** What the test goes to, per channel that asks; the webhook's receiver is its saved URL. */
const RECIPIENT: Partial<Record<TestMessageInput["channel"], { label: string; type: string; placeholder?: string; hint?: string }>> = {
  email: { label: "Send the test to", type: "email" },
  sms: { label: "Send the test to (phone number)", type: "tel", placeholder: "+44 7700 900123", hint: "With its country code." },
  push: { label: "Send the test to (a customer's external id)", type: "text", placeholder: "cust-1001", hint: "A customer whose device has your app and is signed in with this id." },
};

function inputFor(channel: TestMessageInput["channel"], to: string): TestMessageInput {
  switch (channel) {
    case "email":
    case "sms":
    case "push":
      return { channel, to };
    case "webhook":
      return { channel };
  }
}

function describe(result: TestMessageResult): { ok: boolean; text: string } {
  const where = result.to ? ` to ${result.to}` : "";
  if (result.outcome === "sent") {
    const answer = [result.providerResponse ? `answered “${result.providerResponse}”` : null, result.providerMessageId ? `message id ${result.providerMessageId}` : null].filter(Boolean).join(", ");
    return { ok: true, text: `Test message sent${where}.${answer ? ` The ${ANSWERED_BY[result.channel]} ${answer}.` : ""}` };
  }
  const advice =
    result.outcome === "permanent"
      ? "Permanent failure: sending again will not help. Correct the settings above, save them and try again."
      : "Temporary failure: a later attempt may succeed (campaign messages would be retried).";
  const reason = /[.!?]$/.test(result.reason) ? result.reason : `${result.reason}.`;
  return { ok: false, text: `Test message not sent${where}. ${reason} ${advice}` };
}

/**
 * Sends a test message with the saved settings (what is typed above and not
 * yet saved is not used). Email goes to an address the admin chooses, their
 * own by default; an SMS to a number and a push notification to an external
 * id the admin types; the webhook gets a `test` event.
 */
export function TestMessagePanel({ slug, channel, configured, defaultTo }: { slug: string; channel: TestMessageInput["channel"]; configured: boolean; defaultTo: string }) {
  const [to, setTo] = useState(channel === "email" ? defaultTo : "");
  const recipient = RECIPIENT[channel];
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const result = await sendTestMessageAction(slug, inputFor(channel, to));
    setBusy(false);
    setFieldError(result.ok ? undefined : result.fieldErrors?.to);
    setMessage(result.ok ? describe(result.data) : { ok: false, text: result.error });
  }

  return (
    <form onSubmit={send} className="space-y-3 border-t border-slate-100 pt-4" noValidate aria-label={`Test the ${channel} settings`}>
      <h3 className="text-sm font-semibold text-slate-800">Send a test message</h3>
      <p className="text-xs text-slate-500">
        {configured
          ? "Uses the saved settings: save any changes above first."
          : "Save the settings above first: the test uses the saved settings."}
        {channel === "webhook" ? " Your receiver gets a signed POST with event “test”." : ""}
      </p>
      {recipient ? (
        <Field id={`${channel}-test-to`} label={recipient.label} hint={recipient.hint} error={fieldError}>
          <input
            id={`${channel}-test-to`}
            type={recipient.type}
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder={recipient.placeholder}
            aria-describedby={noteId(`${channel}-test-to`)}
            aria-invalid={fieldError ? true : undefined}
            className={`${inputClasses} md:w-96`}
          />
        </Field>
      ) : null}
      <FormMessage message={message} />
      <Button type="submit" variant="secondary" disabled={busy || !configured}>
        {busy ? "Sending…" : "Send a test message"}
      </Button>
    </form>
  );
}
