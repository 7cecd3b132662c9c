"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { EmailConfig } from "@/lib/channels/channel-settings.schema";
import { Button } from "@/components/ui/button";
import { saveChannelSettingsAction } from "./actions";
import { CallbackSecretField, type CallbackChoice } from "./callback-secret-field";
import { Field, inputClasses, noteId } from "./field";
import { FormMessage } from "./form-message";
import { NewSecretNotice } from "./new-secret-notice";

const SECURITY = [
  { value: "starttls", label: "STARTTLS required (usually port 587)" },
  { value: "tls", label: "TLS from the first byte (usually port 465)" },
  { value: "none", label: "None: plain text, only for a relay on a private network" },
] as const;

type PasswordChoice = "keep" | "replace" | "remove";

/**
 * The SMTP settings, and the secret the email provider signs its delivery,
 * bounce and complaint reports with (optional). The password and the secret
 * are write-only: the page knows only whether each is stored. The server
 * checks every field before saving any.
 */
export function EmailSettingsForm({
  slug,
  config,
  hasPassword: storedAtLoad,
  hasCallbackSecret: callbackAtLoad,
  receiptUrl,
}: {
  slug: string;
  config: EmailConfig | null;
  hasPassword: boolean;
  hasCallbackSecret: boolean;
  /** Where the provider posts its reports. */
  receiptUrl: string;
}) {
  const router = useRouter();
  const [hasPassword, setHasPassword] = useState(storedAtLoad);
  const [hasCallbackSecret, setHasCallbackSecret] = useState(callbackAtLoad);
  const [callbackChoice, setCallbackChoice] = useState<CallbackChoice>(callbackAtLoad ? "keep" : "none");
  const [callbackSecret, setCallbackSecret] = useState("");
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const [host, setHost] = useState(config?.host ?? "");
  const [port, setPort] = useState(String(config?.port ?? 587));
  const [security, setSecurity] = useState<string>(config?.security ?? "starttls");
  const [username, setUsername] = useState(config?.username ?? "");
  const [passwordChoice, setPasswordChoice] = useState<PasswordChoice>(hasPassword ? "keep" : "replace");
  const [password, setPassword] = useState("");
  const [fromName, setFromName] = useState(config?.fromName ?? "");
  const [fromAddress, setFromAddress] = useState(config?.fromAddress ?? "");
  const [replyTo, setReplyTo] = useState(config?.replyTo ?? "");
  const [connections, setConnections] = useState(String(config?.connections ?? 5));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  function passwordInput(): string | null | undefined {
    if (passwordChoice === "remove") return null;
    if (passwordChoice === "keep") return undefined;
    // Nothing typed and nothing stored: no login.
    return password === "" && !hasPassword ? undefined : password;
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    setNewSecret(null);
    const passwordChange = passwordInput();
    const result = await saveChannelSettingsAction(slug, {
      channel: "email",
      host,
      port,
      security,
      username: username.trim() === "" ? null : username,
      password: passwordChange,
      fromName,
      fromAddress,
      replyTo: replyTo.trim() === "" ? null : replyTo,
      connections,
      callbackSecret: callbackChoice === "enter" ? callbackSecret : undefined,
      generateCallbackSecret: callbackChoice === "generate",
    });
    setBusy(false);
    setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
    if (!result.ok) return setMessage({ ok: false, text: result.error });
    // The password leaves the page once it is saved.
    const storedNow = passwordChange === undefined ? hasPassword : passwordChange !== null;
    setPassword("");
    setHasPassword(storedNow);
    setPasswordChoice(storedNow ? "keep" : "replace");
    const callbackNow = hasCallbackSecret || callbackChoice === "generate" || callbackChoice === "enter";
    setCallbackSecret("");
    setHasCallbackSecret(callbackNow);
    setCallbackChoice(callbackNow ? "keep" : "none");
    setNewSecret(result.data.newSigningSecret);
    setMessage({ ok: true, text: "Email settings saved. Send a test message to check them." });
    router.refresh();
  }

  const text = (id: string, label: string, value: string, set: (v: string) => void, extra: { type?: string; hint?: string; autoComplete?: string; placeholder?: string } = {}) => (
    <Field id={`email-${id}`} label={label} hint={extra.hint} error={fieldErrors[id]}>
      <input
        id={`email-${id}`}
        type={extra.type ?? "text"}
        value={value}
        onChange={(e) => set(e.target.value)}
        autoComplete={extra.autoComplete ?? "off"}
        placeholder={extra.placeholder}
        aria-describedby={noteId(`email-${id}`)}
        aria-invalid={fieldErrors[id] ? true : undefined}
        className={inputClasses}
      />
    </Field>
  );

  return (
    <form onSubmit={save} className="space-y-4" noValidate>
      <div className="grid gap-4 md:grid-cols-3">
        <div className="md:col-span-2">{text("host", "SMTP host", host, setHost, { placeholder: "smtp.example.com" })}</div>
        {text("port", "Port", port, setPort, { type: "number" })}
      </div>
      <Field id="email-security" label="Connection security" error={fieldErrors.security}>
        <select id="email-security" value={security} onChange={(e) => setSecurity(e.target.value)} aria-describedby={noteId("email-security")} className={inputClasses}>
          {SECURITY.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid gap-4 md:grid-cols-2">
        {text("username", "User name", username, setUsername, { hint: "Leave empty if the server needs no login." })}
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Password</legend>
          {hasPassword ? (
            <div className="mt-1 space-y-1 text-sm text-slate-700">
              <p className="text-xs text-slate-500">A password is stored. It is never shown again.</p>
              {(
                [
                  ["keep", "Keep the stored password"],
                  ["replace", "Replace it"],
                  ["remove", "Remove it"],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2">
                  <input type="radio" name="email-password-choice" value={value} checked={passwordChoice === value} onChange={() => setPasswordChoice(value)} />
                  {label}
                </label>
              ))}
            </div>
          ) : (
            <p className="mt-1 text-xs text-slate-500">No password is stored.</p>
          )}
          {passwordChoice === "replace" ? (
            <input
              id="email-password"
              type="password"
              aria-label={hasPassword ? "New password" : "Password"}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              aria-describedby={noteId("email-password")}
              aria-invalid={fieldErrors.password ? true : undefined}
              className={inputClasses}
            />
          ) : null}
          <div id={noteId("email-password")}>{fieldErrors.password ? <p className="mt-1 text-xs text-red-700">{fieldErrors.password}</p> : null}</div>
        </fieldset>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {text("fromName", "Sender name", fromName, setFromName, { placeholder: "Acme Shop" })}
        {text("fromAddress", "Sender address", fromAddress, setFromAddress, { type: "email", placeholder: "news@shop.example" })}
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {text("replyTo", "Reply-to address", replyTo, setReplyTo, { type: "email", hint: "Optional: where customers' replies go, if not to the sender address." })}
        {text("connections", "Connections per worker", connections, setConnections, {
          type: "number",
          hint: "1–50. Each carries one message at a time: more send faster, as far as the server allows (many relays cap connections per client).",
        })}
      </div>
      <CallbackSecretField
        channel="email"
        optional
        hasCallbackSecret={hasCallbackSecret}
        choice={callbackChoice}
        secret={callbackSecret}
        onChange={(change) => {
          if (change.choice) setCallbackChoice(change.choice);
          if (change.secret !== undefined) setCallbackSecret(change.secret);
        }}
        receiptUrl={receiptUrl}
        error={fieldErrors.callbackSecret}
      />
      <FormMessage message={message} />
      {newSecret ? (
        <NewSecretNotice secret={newSecret} what="New callback secret. Give it to your email provider (or the relay posting its reports) now." onDone={() => setNewSecret(null)} />
      ) : null}
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save email settings"}
      </Button>
    </form>
  );
}
