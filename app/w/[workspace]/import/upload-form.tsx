"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { responseError } from "@/components/response-error";
import type { ImportKind } from "@/lib/db/generated/enums";
import { IMPORT_KIND_VALUES, IMPORT_KINDS } from "@/lib/ingest/import-kinds";

const KINDS = IMPORT_KIND_VALUES.map((value) => ({ value, ...IMPORT_KINDS[value] }));

/**
 * POSTs the form with XMLHttpRequest, which (unlike fetch) reports upload
 * progress: a 50 MB file takes a while on a slow line.
 */
function postWithProgress(url: string, body: FormData, onProgress: (fraction: number) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const noBody = [204, 205, 304].includes(xhr.status);
      resolve(new Response(noBody ? null : xhr.responseText, { status: xhr.status, headers: { "content-type": xhr.getResponseHeader("content-type") ?? "text/plain" } }));
    };
    xhr.onerror = () => reject(new Error("The upload was interrupted; check the connection and try again."));
    xhr.send(body);
  });
}

/** Step 1: choose what the file holds and upload it (with progress); the server checks it and opens the mapping step. */
export function UploadForm({ slug, maxBytes, maxColumns }: { slug: string; maxBytes: number; maxColumns: number }) {
  const router = useRouter();
  const [kind, setKind] = useState<ImportKind>("CUSTOMERS");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  /** Share of the file sent so far while uploading; null before and once the server is checking it. */
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return setError("Choose a CSV file first.");
    if (file.size > maxBytes) return setError(`The file is ${(file.size / 1048576).toFixed(1)} MB; the limit is ${maxBytes / 1048576} MB. Split it into several files.`);
    setBusy(true);
    setError(null);
    try {
      const body = new FormData();
      body.set("kind", kind);
      body.set("file", file);
      setSent(0);
      const res = await postWithProgress(`/api/w/${encodeURIComponent(slug)}/imports`, body, setSent);
      setSent(null);
      if (!res.ok) throw new Error(await responseError(res, `Upload failed (HTTP ${res.status}).`));
      const { id } = (await res.json()) as { id: number };
      router.push(`/w/${slug}/import/${id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Upload failed.");
      setSent(null);
      setBusy(false);
    }
  }

  // Once every byte is sent the server reads and checks the file: that is "Checking the file…".
  const uploading = sent !== null && sent < 1;
  return (
    <form onSubmit={submit} className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">What does the file contain?</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {KINDS.map((k) => (
            <label key={k.value} className={`cursor-pointer rounded-md border p-3 text-sm ${kind === k.value ? "border-brand-500 bg-brand-50" : "border-slate-200"}`}>
              <input type="radio" name="kind" value={k.value} checked={kind === k.value} onChange={() => setKind(k.value)} className="mr-2" />
              <span className="font-medium">{k.label}</span>
              <span className="mt-1 block text-xs text-slate-600">{k.hint}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="block">
        <span className="text-sm font-medium text-slate-800">CSV file</span>
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium"
        />
        <span className="mt-1 block text-xs text-slate-500">
          Comma, semicolon or tab separated, with a header row; UTF-8 or Excel “CSV” exports. Up to {maxBytes / 1048576} MB and {maxColumns} columns.
        </span>
      </label>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {uploading ? <ProgressBar value={sent * 100} label={`Uploading… ${Math.round(sent * 100)}%`} /> : null}
      <Button type="submit" disabled={busy || !file}>
        {uploading ? "Uploading…" : busy ? "Checking the file…" : "Upload and map columns"}
      </Button>
    </form>
  );
}
