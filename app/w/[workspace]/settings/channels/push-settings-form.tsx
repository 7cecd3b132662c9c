"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { PROVIDER_DEFAULT_URLS, type PushConfig, type PushProvider } from "@/lib/channels/channel-settings.schema";
import { PROVIDER_TOKEN_LABELS } from "@/lib/channels/provider-api/provider-wording";
import { Button } from "@/components/ui/button";
import { saveChannelSettingsAction } from "./actions";
import { Field, inputClasses, noteId } from "./field";
import { FormMessage } from "./form-message";
import { NewSecretNotice } from "./new-secret-notice";
import { ProviderSecretFields, useProviderSecrets } from "./provider-secrets";

const PROVIDERS: { value: PushProvider; label: string }[] = [
  { value: "onesignal", label: "OneSignal: to the devices of the customer's external id" },
  { value: "fcm", label: "FCM HTTP v1: to a topic per customer (prefix + external id)" },
];

/**
 * The push provider: its API form, URL, OneSignal app id or FCM topic
 * prefix, and timeout; the key and the receipt callback secret are write-only.
 */
export function PushSettingsForm({
  slug,
  config,
  hasApiToken,
  hasCallbackSecret,
  receiptUrl,
  privateNetworksAllowed,
}: {
  slug: string;
  config: PushConfig | null;
  hasApiToken: boolean;
  hasCallbackSecret: boolean;
  receiptUrl: string;
  privateNetworksAllowed: boolean;
}) {
  const router = useRouter();
  const secrets = useProviderSecrets({ hasApiToken, hasCallbackSecret });
  const [provider, setProvider] = useState<PushProvider>(config?.provider ?? "onesignal");
  const [url, setUrl] = useState(config?.url ?? PROVIDER_DEFAULT_URLS.onesignal);
  const [appId, setAppId] = useState(config?.appId ?? "");
  const [topicPrefix, setTopicPrefix] = useState(config?.topicPrefix ?? "user-");
  const [timeoutMs, setTimeoutMs] = useState(String(config?.timeoutMs ?? 10_000));
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  function chooseProvider(next: PushProvider) {
    // OneSignal's API has one address; an FCM URL names the project, so it starts empty.
    if (url === PROVIDER_DEFAULT_URLS.onesignal || url === "") setUrl(next === "onesignal" ? PROVIDER_DEFAULT_URLS.onesignal : "");
    setProvider(next);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    setNewSecret(null);
    const result = await saveChannelSettingsAction(slug, {
      channel: "push",
      provider,
      url,
      appId: provider === "onesignal" ? appId : null,
      topicPrefix,
      timeoutMs,
      ...secrets.input(),
    });
    setBusy(false);
    setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
    if (!result.ok) return setMessage({ ok: false, text: result.error });
    secrets.saved();
    setNewSecret(result.data.newSigningSecret);
    setMessage({ ok: true, text: "Push settings saved. Send a test message to check them." });
    router.refresh();
  }

  const text = (id: string, label: string, value: string, set: (v: string) => void, extra: { hint?: string; placeholder?: string; type?: string } = {}) => (
    <Field id={`push-${id}`} label={label} hint={extra.hint} error={fieldErrors[id]}>
      <input
        id={`push-${id}`}
        type={extra.type ?? "text"}
        value={value}
        onChange={(e) => set(e.target.value)}
        autoComplete="off"
        placeholder={extra.placeholder}
        aria-describedby={noteId(`push-${id}`)}
        aria-invalid={fieldErrors[id] ? true : undefined}
        className={inputClasses}
      />
    </Field>
  );

  return (
    <form onSubmit={save} className="space-y-4" noValidate>
      <Field id="push-provider" label="Provider's API" error={fieldErrors.provider}>
        <select id="push-provider" value={provider} onChange={(e) => chooseProvider(e.target.value as PushProvider)} aria-describedby={noteId("push-provider")} className={inputClasses}>
          {PROVIDERS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid gap-4 md:grid-cols-3">
        <div className="md:col-span-2">
          {text("url", provider === "onesignal" ? "API base URL" : "Send URL", url, setUrl, {
            type: "url",
            placeholder: provider === "onesignal" ? PROVIDER_DEFAULT_URLS.onesignal : "https://fcm.googleapis.com/v1/projects/<project>/messages:send",
            hint: `${provider === "onesignal" ? "Notifications are posted to <base>/notifications. " : ""}${privateNetworksAllowed ? "This server also allows http:// and private network addresses." : "Must be https:// and reach a public address."}`,
          })}
        </div>
        {text("timeoutMs", "Timeout (ms)", timeoutMs, setTimeoutMs, { type: "number", hint: "1000–30000; no answer by then counts as a failure to retry." })}
      </div>
      {provider === "onesignal"
        ? text("appId", "App id", appId, setAppId, { placeholder: "00000000-0000-0000-0000-000000000000", hint: "Your app's devices must be logged in with the customer's external id (OneSignal.login)." })
        : text("topicPrefix", "Topic prefix", topicPrefix, setTopicPrefix, {
            hint: "Each customer's topic is this prefix and their external id (characters other than letters, digits and - _ . ~ percent-encoded); the app subscribes the customer's devices to it.",
          })}
      <ProviderSecretFields channel="push" secrets={secrets} tokenLabel={PROVIDER_TOKEN_LABELS[provider]} receiptUrl={receiptUrl} fieldErrors={fieldErrors} />
      <FormMessage message={message} />
      {newSecret ? <NewSecretNotice secret={newSecret} what="New callback secret. Give it to your push provider (or the relay posting its receipts) now." onDone={() => setNewSecret(null)} /> : null}
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save push settings"}
      </Button>
    </form>
  );
}
