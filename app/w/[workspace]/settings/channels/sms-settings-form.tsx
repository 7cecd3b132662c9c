"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { PROVIDER_DEFAULT_URLS, type SmsConfig, type SmsProvider } from "@/lib/channels/channel-settings.schema";
import { PROVIDER_TOKEN_LABELS } from "@/lib/channels/provider-api/provider-wording";
import { Button } from "@/components/ui/button";
import { saveChannelSettingsAction } from "./actions";
import { Field, inputClasses, noteId } from "./field";
import { FormMessage } from "./form-message";
import { NewSecretNotice } from "./new-secret-notice";
import { ProviderSecretFields, useProviderSecrets } from "./provider-secrets";

const PROVIDERS: { value: SmsProvider; label: string }[] = [
  { value: "twilio", label: "Twilio (or a gateway speaking Twilio's Messages API)" },
  { value: "json", label: "JSON: any provider or gateway that takes { to, from, text, reference }" },
];

/**
 * The SMS provider: its API form, URL, account SID (Twilio), sender and
 * timeout; the token and the receipt callback secret are write-only.
 */
export function SmsSettingsForm({
  slug,
  config,
  hasApiToken,
  hasCallbackSecret,
  receiptUrl,
  privateNetworksAllowed,
}: {
  slug: string;
  config: SmsConfig | null;
  hasApiToken: boolean;
  hasCallbackSecret: boolean;
  receiptUrl: string;
  privateNetworksAllowed: boolean;
}) {
  const router = useRouter();
  const secrets = useProviderSecrets({ hasApiToken, hasCallbackSecret });
  const [provider, setProvider] = useState<SmsProvider>(config?.provider ?? "twilio");
  const [url, setUrl] = useState(config?.url ?? PROVIDER_DEFAULT_URLS.twilio);
  const [accountSid, setAccountSid] = useState(config?.accountSid ?? "");
  const [from, setFrom] = useState(config?.from ?? "");
  const [timeoutMs, setTimeoutMs] = useState(String(config?.timeoutMs ?? 10_000));
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  function chooseProvider(next: SmsProvider) {
    // Twilio's API has one address; the JSON form's is the provider's own, so it starts empty.
    if (url === PROVIDER_DEFAULT_URLS.twilio || url === "") setUrl(next === "twilio" ? PROVIDER_DEFAULT_URLS.twilio : "");
    setProvider(next);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    setNewSecret(null);
    const result = await saveChannelSettingsAction(slug, {
      channel: "sms",
      provider,
      url,
      accountSid: provider === "twilio" ? accountSid : null,
      from,
      timeoutMs,
      ...secrets.input(),
    });
    setBusy(false);
    setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
    if (!result.ok) return setMessage({ ok: false, text: result.error });
    secrets.saved();
    setNewSecret(result.data.newSigningSecret);
    setMessage({ ok: true, text: "SMS settings saved. Send a test message to check them." });
    router.refresh();
  }

  const text = (id: string, label: string, value: string, set: (v: string) => void, extra: { hint?: string; placeholder?: string; type?: string } = {}) => (
    <Field id={`sms-${id}`} label={label} hint={extra.hint} error={fieldErrors[id]}>
      <input
        id={`sms-${id}`}
        type={extra.type ?? "text"}
        value={value}
        onChange={(e) => set(e.target.value)}
        autoComplete="off"
        placeholder={extra.placeholder}
        aria-describedby={noteId(`sms-${id}`)}
        aria-invalid={fieldErrors[id] ? true : undefined}
        className={inputClasses}
      />
    </Field>
  );

  return (
    <form onSubmit={save} className="space-y-4" noValidate>
      <Field id="sms-provider" label="Provider's API" error={fieldErrors.provider}>
        <select id="sms-provider" value={provider} onChange={(e) => chooseProvider(e.target.value as SmsProvider)} aria-describedby={noteId("sms-provider")} className={inputClasses}>
          {PROVIDERS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid gap-4 md:grid-cols-3">
        <div className="md:col-span-2">
          {text("url", provider === "twilio" ? "API base URL" : "Send URL", url, setUrl, {
            type: "url",
            placeholder: provider === "twilio" ? PROVIDER_DEFAULT_URLS.twilio : "https://sms.example.com/v1/messages",
            hint: `${provider === "twilio" ? "Messages are posted to <base>/Accounts/<account SID>/Messages.json. " : ""}${privateNetworksAllowed ? "This server also allows http:// and private network addresses." : "Must be https:// and reach a public address."}`,
          })}
        </div>
        {text("timeoutMs", "Timeout (ms)", timeoutMs, setTimeoutMs, { type: "number", hint: "1000–30000; no answer by then counts as a failure to retry." })}
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {provider === "twilio" ? text("accountSid", "Account SID", accountSid, setAccountSid, { placeholder: "AC…" }) : null}
        {text("from", "Sender", from, setFrom, { placeholder: "+44 7700 900123", hint: "A number with its country code, a short code, or a sender ID of up to 11 letters and digits." })}
      </div>
      <ProviderSecretFields channel="sms" secrets={secrets} tokenLabel={PROVIDER_TOKEN_LABELS[provider]} receiptUrl={receiptUrl} fieldErrors={fieldErrors} />
      <FormMessage message={message} />
      {newSecret ? <NewSecretNotice secret={newSecret} what="New callback secret. Give it to your SMS provider (or the relay posting its receipts) now." onDone={() => setNewSecret(null)} /> : null}
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save SMS settings"}
      </Button>
    </form>
  );
}
