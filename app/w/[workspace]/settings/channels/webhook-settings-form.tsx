"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { WebhookConfig } from "@/lib/channels/channel-settings.schema";
import { Button } from "@/components/ui/button";
import { saveChannelSettingsAction } from "./actions";
import { Field, inputClasses, noteId } from "./field";
import { FormMessage } from "./form-message";
import { NewSecretNotice } from "./new-secret-notice";

type SecretChoice = "keep" | "generate" | "enter";

/**
 * The receiver's URL, the timeout and the signing secret. The secret is
 * write-only: the admin keeps it, has the server generate a new one (shown
 * once, after the save, to copy into the receiver) or enters their own.
 */
export function WebhookSettingsForm({
  slug,
  config,
  hasSigningSecret: storedAtLoad,
  privateNetworksAllowed,
}: {
  slug: string;
  config: WebhookConfig | null;
  hasSigningSecret: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS on this server: http:// and private addresses are accepted. */
  privateNetworksAllowed: boolean;
}) {
  const router = useRouter();
  const [hasSigningSecret, setHasSigningSecret] = useState(storedAtLoad);
  const [url, setUrl] = useState(config?.url ?? "");
  const [timeoutMs, setTimeoutMs] = useState(String(config?.timeoutMs ?? 10_000));
  const [secretChoice, setSecretChoice] = useState<SecretChoice>(hasSigningSecret ? "keep" : "generate");
  const [secret, setSecret] = useState("");
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    setNewSecret(null);
    const result = await saveChannelSettingsAction(slug, {
      channel: "webhook",
      url,
      timeoutMs,
      generateSigningSecret: secretChoice === "generate",
      signingSecret: secretChoice === "enter" ? secret : undefined,
    });
    setBusy(false);
    setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
    if (!result.ok) return setMessage({ ok: false, text: result.error });
    setSecret("");
    setHasSigningSecret(true);
    setSecretChoice("keep");
    setNewSecret(result.data.newSigningSecret);
    setMessage({ ok: true, text: "Webhook settings saved. Send a test message to check them." });
    router.refresh();
  }

  const choices: [SecretChoice, string][] = [
    ...(hasSigningSecret ? ([["keep", "Keep the stored secret"]] as [SecretChoice, string][]) : []),
    ["generate", hasSigningSecret ? "Generate a new secret (the receiver must be given it)" : "Generate a secret"],
    ["enter", "Enter my own (32+ characters)"],
  ];

  return (
    <form onSubmit={save} className="space-y-4" noValidate>
      <div className="grid gap-4 md:grid-cols-3">
        <div className="md:col-span-2">
          <Field id="webhook-url" label="Receiver URL" hint={privateNetworksAllowed ? "This server also allows http:// and private network addresses." : "Must be https:// and reach a public address."} error={fieldErrors.url}>
            <input
              id="webhook-url"
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://hooks.example.com/valueloop"
              autoComplete="off"
              aria-describedby={noteId("webhook-url")}
              aria-invalid={fieldErrors.url ? true : undefined}
              className={inputClasses}
            />
          </Field>
        </div>
        <Field id="webhook-timeout" label="Timeout (ms)" hint="1000–30000; no answer by then counts as a failure to retry." error={fieldErrors.timeoutMs}>
          <input
            id="webhook-timeout"
            type="number"
            value={timeoutMs}
            onChange={(e) => setTimeoutMs(e.target.value)}
            aria-describedby={noteId("webhook-timeout")}
            aria-invalid={fieldErrors.timeoutMs ? true : undefined}
            className={inputClasses}
          />
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Signing secret</legend>
        <p className="mt-1 text-xs text-slate-500">
          {hasSigningSecret ? "A signing secret is stored. It is never shown again." : "No signing secret is stored yet."} Your receiver checks each request&apos;s
          X-ValueLoop-Signature with it.
        </p>
        <div className="mt-1 space-y-1 text-sm text-slate-700">
          {choices.map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="webhook-secret-choice" value={value} checked={secretChoice === value} onChange={() => setSecretChoice(value)} />
              {label}
            </label>
          ))}
        </div>
        {secretChoice === "enter" ? (
          <input
            id="webhook-secret"
            type="password"
            aria-label="Your signing secret"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="new-password"
            aria-describedby={noteId("webhook-secret")}
            aria-invalid={fieldErrors.signingSecret ? true : undefined}
            className={inputClasses}
          />
        ) : null}
        <div id={noteId("webhook-secret")}>{fieldErrors.signingSecret ? <p className="mt-1 text-xs text-red-700">{fieldErrors.signingSecret}</p> : null}</div>
      </fieldset>
      <FormMessage message={message} />
      {newSecret ? <NewSecretNotice secret={newSecret} what="New signing secret. Copy it to your receiver now." onDone={() => setNewSecret(null)} /> : null}
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save webhook settings"}
      </Button>
    </form>
  );
}
