"use client";

import { useState } from "react";
import { CallbackSecretField, type CallbackChoice } from "./callback-secret-field";
import { inputClasses, noteId } from "./field";

type TokenChoice = "keep" | "replace";

export interface ProviderSecrets {
  hasApiToken: boolean;
  tokenChoice: TokenChoice;
  token: string;
  hasCallbackSecret: boolean;
  callbackChoice: CallbackChoice;
  callbackSecret: string;
}

/**
 * The provider token and the callback secret of an SMS or push form, both
 * write-only: the page knows only whether they are stored. A callback
 * secret is generated at the first save unless the admin enters one.
 */
export function useProviderSecrets(storedAtLoad: { hasApiToken: boolean; hasCallbackSecret: boolean }) {
  const [state, setState] = useState<ProviderSecrets>({
    hasApiToken: storedAtLoad.hasApiToken,
    tokenChoice: storedAtLoad.hasApiToken ? "keep" : "replace",
    token: "",
    hasCallbackSecret: storedAtLoad.hasCallbackSecret,
    callbackChoice: storedAtLoad.hasCallbackSecret ? "keep" : "generate",
    callbackSecret: "",
  });
  return {
    state,
    update: (change: Partial<ProviderSecrets>) => setState((s) => ({ ...s, ...change })),
    /** The save input's secret fields: left out means "keep the stored one". */
    input: () => ({
      apiToken: state.tokenChoice === "replace" ? state.token : undefined,
      callbackSecret: state.callbackChoice === "enter" ? state.callbackSecret : undefined,
      generateCallbackSecret: state.callbackChoice === "generate",
    }),
    /** After a save: typed secrets leave the page, and what is stored now is kept by default. */
    saved: () => setState({ hasApiToken: true, tokenChoice: "keep", token: "", hasCallbackSecret: true, callbackChoice: "keep", callbackSecret: "" }),
  };
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return <div id={noteId(id)}>{error ? <p className="mt-1 text-xs text-red-700">{error}</p> : null}</div>;
}

export function ProviderSecretFields({
  channel,
  secrets,
  tokenLabel,
  receiptUrl,
  fieldErrors,
}: {
  channel: "sms" | "push";
  secrets: ReturnType<typeof useProviderSecrets>;
  /** What the provider calls the credential: "auth token", "REST API key". */
  tokenLabel: string;
  /** Where the provider (or a relay) posts delivery receipts. */
  receiptUrl: string;
  fieldErrors: Record<string, string>;
}) {
  const { state, update } = secrets;
  const tokenId = `${channel}-token`;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{tokenLabel[0]!.toUpperCase() + tokenLabel.slice(1)}</legend>
        {state.hasApiToken ? (
          <div className="mt-1 space-y-1 text-sm text-slate-700">
            <p className="text-xs text-slate-500">
              One is stored. It is never shown again, and is sent only to the URL&apos;s host it was saved for: changing the provider or the host needs it entered again.
            </p>
            {(
              [
                ["keep", `Keep the stored ${tokenLabel}`],
                ["replace", "Replace it"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2">
                <input type="radio" name={`${channel}-token-choice`} value={value} checked={state.tokenChoice === value} onChange={() => update({ tokenChoice: value })} />
                {label}
              </label>
            ))}
          </div>
        ) : (
          <p className="mt-1 text-xs text-slate-500">None is stored yet.</p>
        )}
        {state.tokenChoice === "replace" ? (
          <input
            id={tokenId}
            type="password"
            aria-label={state.hasApiToken ? `New ${tokenLabel}` : tokenLabel}
            value={state.token}
            onChange={(e) => update({ token: e.target.value })}
            autoComplete="new-password"
            aria-describedby={noteId(tokenId)}
            aria-invalid={fieldErrors.apiToken ? true : undefined}
            className={inputClasses}
          />
        ) : null}
        <FieldError id={tokenId} error={fieldErrors.apiToken} />
      </fieldset>
      <CallbackSecretField
        channel={channel}
        hasCallbackSecret={state.hasCallbackSecret}
        choice={state.callbackChoice}
        secret={state.callbackSecret}
        onChange={(change) => update({ ...(change.choice ? { callbackChoice: change.choice } : {}), ...(change.secret !== undefined ? { callbackSecret: change.secret } : {}) })}
        receiptUrl={receiptUrl}
        error={fieldErrors.callbackSecret}
      />
    </div>
  );
}
