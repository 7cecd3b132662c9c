"use client";

import { useState, type FormEvent } from "react";
import {
  API_KEY_SCOPE_LABELS,
  API_KEY_SCOPES,
  DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE,
  MAX_API_KEY_RATE_LIMIT_PER_MINUTE,
  type ApiKeyScope,
} from "@/lib/auth/api-key-scopes";
import type { ApiKeyCreateInput } from "@/lib/ingest/api-keys/api-key-create.schema";
import { Button } from "@/components/ui/button";

/** Name, scopes (at least one, none preselected: the admin decides what the key may do), optional expiry date and per-minute limit. */
export function NewApiKeyForm({
  timeZone,
  expiryRange,
  busy,
  onCreate,
}: {
  timeZone: string;
  /** First and last day the picker offers, in the workspace's zone (the zone the server reads the date in). */
  expiryRange: { min: string; max: string };
  busy: boolean;
  onCreate: (input: ApiKeyCreateInput) => Promise<boolean>;
}) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [expiresOn, setExpiresOn] = useState("");
  const [rateLimit, setRateLimit] = useState(String(DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE));

  function toggle(scope: ApiKeyScope, on: boolean) {
    setScopes((current) => (on ? [...current.filter((s) => s !== scope), scope] : current.filter((s) => s !== scope)));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const created = await onCreate({ name, scopes, expiresOn: expiresOn || null, rateLimitPerMinute: Number(rateLimit) });
    if (!created) return;
    setName("");
    setScopes([]);
    setExpiresOn("");
    setRateLimit(String(DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE));
  }

  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <label className="block">
        <span className="text-sm font-medium text-slate-800">New key name</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          required
          placeholder="e.g. Shop backend (production)"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </label>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">What may it do? (at least one)</legend>
        <div className="mt-1 flex flex-wrap gap-x-6 gap-y-1">
          {API_KEY_SCOPES.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
              <span>
                <span className="font-mono text-xs">{scope}</span> – {API_KEY_SCOPE_LABELS[scope]}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-end gap-4">
        <label>
          <span className="text-sm font-medium text-slate-800">Works until (optional)</span>
          <input
            type="date"
            value={expiresOn}
            min={expiryRange.min}
            max={expiryRange.max}
            onChange={(e) => setExpiresOn(e.target.value)}
            aria-describedby="api-key-expiry-help"
            className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </label>
        <label>
          <span className="text-sm font-medium text-slate-800">Requests per minute</span>
          <input
            type="number"
            value={rateLimit}
            min={1}
            max={MAX_API_KEY_RATE_LIMIT_PER_MINUTE}
            step={1}
            required
            onChange={(e) => setRateLimit(e.target.value)}
            className="mt-1 block w-32 rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </label>
        <Button type="submit" disabled={busy || name.trim() === "" || scopes.length === 0}>
          {busy ? "Creating…" : "Create key"}
        </Button>
      </div>
      <p id="api-key-expiry-help" className="text-xs text-slate-500">
        A key with a date stops working at the end of that day ({timeZone}); leave it empty for a key that works until revoked (at most two years ahead).
      </p>
    </form>
  );
}
