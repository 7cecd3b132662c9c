"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ApiKeyView } from "@/lib/ingest/api-keys/manage-api-keys";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/lib/format";
import { responseError } from "@/components/response-error";

/** A timestamp from the API in the workspace's zone, or "never". */
function when(iso: string | null, timeZone: string): string {
  return iso ? formatDateTime(new Date(iso), timeZone) : "never";
}

/** Create (the key is shown once, with a copy button), list and revoke the workspace's API keys. */
export function ApiKeysPanel({ slug, keys, timeZone }: { slug: string; keys: ApiKeyView[]; timeZone: string }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/w/${encodeURIComponent(slug)}/api-keys`;

  async function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
    setBusy(false);
    if (!res.ok) return setError(await responseError(res, "Could not create the key."));
    const { key } = (await res.json()) as { key: ApiKeyView & { key: string } };
    setCreated({ name: key.name, key: key.key });
    setCopied(false);
    setName("");
    router.refresh();
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
      <form onSubmit={create} className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <label className="flex-1">
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
        <Button type="submit" disabled={busy || name.trim() === ""}>
          {busy ? "Creating…" : "Create key"}
        </Button>
      </form>

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
                <th className="px-3 py-2">Created</th>
                <th className="px-3 py-2">Last used</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((k) => (
                <tr key={k.id}>
                  <td className="px-3 py-2 font-medium">{k.name}</td>
                  <td className="px-3 py-2 font-mono text-xs">{k.prefix}…</td>
                  <td className="px-3 py-2">{when(k.createdAt, timeZone)}</td>
                  <td className="px-3 py-2">{when(k.lastUsedAt, timeZone)}</td>
                  <td className="px-3 py-2">{k.revokedAt ? <Badge tone="red">Revoked {when(k.revokedAt, timeZone)}</Badge> : <Badge tone="green">Active</Badge>}</td>
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
