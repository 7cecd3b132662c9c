"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { CHANNEL_KINDS, CHANNEL_KIND_NAMES } from "@/lib/campaigns/policy/channel-kind-names";
import type { SuppressionImportResult } from "@/lib/campaigns/suppressions/import-suppressions";
import { Button } from "@/components/ui/button";
import { Field, inputClasses, noteId } from "@/components/ui/field";

interface Refusal {
  message: string;
  problems: string[];
}

async function readRefusal(res: Response): Promise<Refusal> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: unknown; details?: unknown } } | null;
  const message = typeof body?.error?.message === "string" ? body.error.message : res.status === 413 ? "The file is too large." : `The import failed (HTTP ${res.status}).`;
  const details = body?.error?.details;
  // A refused file: a summary and the lines at fault. A refused form field: [{ path, message }].
  if (details && typeof details === "object" && !Array.isArray(details)) {
    const { summary, problems } = details as { summary?: unknown; problems?: unknown };
    if (Array.isArray(problems)) return { message: typeof summary === "string" ? summary : message, problems: problems.map(String) };
  }
  return { message, problems: Array.isArray(details) ? details.map((d) => String((d as { message?: unknown }).message ?? d)) : [] };
}

function summary(result: SuppressionImportResult): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const parts = [`${n(result.added)} added`];
  if (result.alreadySuppressed > 0) parts.push(`${n(result.alreadySuppressed)} already on the list (kept as they were)`);
  if (result.repeatedInFile > 0) parts.push(`${n(result.repeatedInFile)} repeated in the file`);
  const ignored = result.ignoredColumns.length > 0 ? ` Columns left alone: ${result.ignoredColumns.join(", ")}.` : "";
  return `Imported ${n(result.rows)} rows: ${parts.join(", ")}.${ignored}`;
}

/**
 * Uploads a CSV of addresses. The server checks every row before it keeps
 * any: one bad row and nothing is imported, and the refusal lists the lines.
 */
export function ImportSuppressionsForm({ slug, maxRows, maxBytes }: { slug: string; maxRows: number; maxBytes: number }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [channel, setChannel] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  async function upload(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    setRefusal(null);
    if (!file) return setRefusal({ message: "Choose a CSV file first.", problems: [] });
    if (file.size > maxBytes) return setRefusal({ message: `The file is ${(file.size / 1048576).toFixed(1)} MB; the limit is ${maxBytes / 1048576} MB.`, problems: [] });
    setBusy(true);
    try {
      const body = new FormData();
      body.set("file", file);
      body.set("channel", channel);
      body.set("note", note);
      const res = await fetch(`/api/w/${encodeURIComponent(slug)}/suppressions/import`, { method: "POST", body });
      if (!res.ok) return setRefusal(await readRefusal(res));
      setDone(summary((await res.json()) as SuppressionImportResult));
      router.refresh();
    } catch {
      setRefusal({ message: "The upload was interrupted; check the connection and try again. Nothing was imported.", problems: [] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={upload} className="space-y-4" noValidate aria-label="Import a CSV of addresses">
      <p className="text-xs text-slate-500">
        A header row naming an <code>address</code> column, and optionally <code>channel</code> (email, sms, push or webhook) and <code>note</code>; other columns are left
        alone, so an export reads back in. Up to {maxRows.toLocaleString("en-US")} rows per file; split bigger lists. Every row is checked first: if one is wrong, nothing is
        imported. Addresses already on the list keep their reason.
      </p>
      <div className="grid gap-4 md:grid-cols-3">
        <div>
          <label htmlFor="suppression-import-file" className="block text-sm font-medium text-slate-800">
            CSV file
          </label>
          <input
            id="suppression-import-file"
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/plain"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium"
          />
        </div>
        <Field id="suppression-import-channel" label="Channel for rows without one">
          <select id="suppression-import-channel" value={channel} onChange={(e) => setChannel(e.target.value)} aria-describedby={noteId("suppression-import-channel")} className={inputClasses}>
            <option value="">From the file&apos;s channel column</option>
            {CHANNEL_KINDS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_KIND_NAMES[c]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="suppression-import-note" label="Note for rows without one (optional)">
          <input id="suppression-import-note" value={note} onChange={(e) => setNote(e.target.value)} autoComplete="off" aria-describedby={noteId("suppression-import-note")} className={inputClasses} />
        </Field>
      </div>
      {done ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {done}
        </p>
      ) : null}
      {refusal ? (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>{refusal.message}</p>
          {refusal.problems.length > 0 ? (
            <ul className="mt-1 list-disc pl-5" aria-label="Rows with problems">
              {refusal.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Button type="submit" variant="secondary" disabled={busy || !file}>
        {busy ? "Checking and importing…" : "Import the file"}
      </Button>
    </form>
  );
}
