"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApiKeyCreateInput } from "@/lib/ingest/api-keys/api-key-create.schema";
import type { ApiKeyView } from "@/lib/ingest/api-keys/manage-api-keys";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDateTime, formatNumber } from "@/lib/format";
import { responseError } from "@/components/response-error";
import { NewApiKeyForm } from "./new-api-key-form";

/** A timestamp from the API in the workspace's zone, or `none`. */
function when(iso: string | null, timeZone: string, none = "never"): string {
  return iso ? formatDateTime(new Date(iso), timeZone) : none;
}

function KeyStatus({ apiKey, timeZone }: { apiKey: ApiKeyView; timeZone: string }) {
  if (apiKey.revokedAt) return <Badge tone="red">Revoked {when(apiKey.revokedAt, timeZone)}</Badge>;
  if (apiKey.expired) return <Badge tone="amber">Expired</Badge>;
  return <Badge tone="green">Active</Badge>;
}

/** Create (the key is shown once, with a copy button), list and revoke the workspace's API keys. */
export function ApiKeysPanel({
  slug,
  keys,
  timeZone,
  expiryRange,
}: {
  slug: string;
  keys: ApiKeyView[];
  timeZone: string;
  expiryRange: { min: string; max: string };
}) {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/w/${encodeURIComponent(slug)}/api-keys`;

  async function create(input: ApiKeyCreateInput): Promise<boolean> {
    setBusy(true);
    setError(null);
    const res = await fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
    setBusy(false);
    if (!res.ok) {
      setError(await responseError(res, "Could not create the key."));
      return false;
    }
    const { key } = (await res.json()) as { key: ApiKeyView & { key: string } };
    setCreated({ name: key.name, key: key.key });
    setCopied(false);
    router.refresh();
    return true;
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      setError("Copying is blocked by the browser; select the key and copy it by hand.");
    }
  }

  async function revoke(key: ApiKeyView) {
    if (!window.confirm(`Revoke “${key.name}”? Systems using it will get 401 errors from now on.`)) return;
    setError(null);
    const res = await fetch(`${base}/${key.id}`, { method: "DELETE" });
    if (!res.ok) return setError(await responseError(res, "Could not revoke the key."));
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <NewApiKeyForm timeZone={timeZone} expiryRange={expiryRange} busy={busy} onCreate={create} />

      {created ? (
        <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm">
          <p className="font-medium text-emerald-900">Key “{created.name}” created. Copy it now: it is shown only once and cannot be recovered.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-emerald-200">{created.key}</code>
            <Button variant="secondary" onClick={copy}>
              {copied ? "Copied" : "Copy"}
            </Button>
            <Button variant="ghost" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
        </div>
      ) : null}

      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}

      {keys.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-600">
          No API keys yet. Create one above and give it to the system that sends customers, orders or events.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">API keys</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th className="px-3 py-2">Name</th>
                <th className="px-3 py-2">Key</th>
                <th className="px-3 py-2">Scopes</th>
                <th className="px-3 py-2 text-right">Per minute</th>
                <th className="px-3 py-2">Created</th>
                <th className="px-3 py-2">Last used</th>
                <th className="px-3 py-2">Expires</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((k) => (
                <tr key={k.id}>
                  <td className="px-3 py-2 font-medium">{k.name}</td>
                  <td className="px-3 py-2 font-mono text-xs">{k.prefix}…</td>
                  <td className="px-3 py-2">
                    <span className="flex flex-wrap gap-1">
                      {k.scopes.map((s) => (
                        <Badge key={s} tone="blue">
                          {s}
                        </Badge>
                      ))}
                    </span>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatNumber(k.rateLimitPerMinute)}</td>
                  <td className="px-3 py-2">{when(k.createdAt, timeZone)}</td>
                  <td className="px-3 py-2">{when(k.lastUsedAt, timeZone)}</td>
                  <td className="px-3 py-2">{when(k.expiresAt, timeZone, "no expiry")}</td>
                  <td className="px-3 py-2">
                    <KeyStatus apiKey={k} timeZone={timeZone} />
                  </td>
                  <td className="px-3 py-2 text-right">
                    {k.revokedAt ? null : (
                      <Button variant="danger" onClick={() => revoke(k)}>
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
