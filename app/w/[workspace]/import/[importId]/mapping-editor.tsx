"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { fieldsFor } from "@/lib/ingest/fields";
import { IMPORT_KINDS } from "@/lib/ingest/import-kinds";
import type { ImportPreview } from "@/lib/ingest/imports/preview-import";
import { Button } from "@/components/ui/button";
import { responseError } from "@/components/response-error";
import { PreviewTable } from "./preview-table";
import { formatNumber } from "@/lib/format";

const IGNORE = "";
const ATTRIBUTE = "__attribute";

type Locale = ImportPreview["locale"];

/** Per column: the field it feeds, a custom attribute, or nothing. */
function targetsFrom(preview: ImportPreview): Record<string, string> {
  const targets: Record<string, string> = {};
  for (const h of preview.headers) targets[h] = IGNORE;
  for (const h of preview.attributeColumns) targets[h] = ATTRIBUTE;
  for (const [field, header] of Object.entries(preview.mapping)) targets[header] = field;
  return targets;
}

function requestBody(targets: Record<string, string>, locale: Locale) {
  const mapping: Record<string, string> = {};
  const attributeColumns: string[] = [];
  for (const [header, target] of Object.entries(targets)) {
    if (target === ATTRIBUTE) attributeColumns.push(header);
    else if (target !== IGNORE) mapping[target] = header;
  }
  return { mapping, attributeColumns, dateOrder: locale.dateOrder, decimalSeparator: locale.decimalSeparator };
}

/** Step 2: check the detected column mapping, fix it, look at the preview, start the import. */
export function MappingEditor({ slug, initial }: { slug: string; initial: ImportPreview }) {
  const router = useRouter();
  const [preview, setPreview] = useState(initial);
  const [targets, setTargets] = useState(() => targetsFrom(initial));
  const [locale, setLocale] = useState<Locale>(initial.locale);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "start" | "discard" | null>(null);
  const base = `/api/w/${encodeURIComponent(slug)}/imports/${initial.id}`;
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setBusy("preview");
      try {
        const res = await fetch(`${base}/preview`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(requestBody(targets, locale)), signal: controller.signal });
        if (!res.ok) throw new Error(await responseError(res, "Could not refresh the preview."));
        setPreview(((await res.json()) as { preview: ImportPreview }).preview);
        setError(null);
      } catch (err) {
        if (!controller.signal.aborted) setError(err instanceof Error ? err.message : "Could not refresh the preview.");
      } finally {
        if (!controller.signal.aborted) setBusy(null);
      }
    }, 300);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [base, targets, locale]);

  function choose(header: string, target: string) {
    setTargets((prev) => {
      const next = { ...prev };
      // A field takes one column: choosing it here frees it elsewhere.
      if (target !== IGNORE && target !== ATTRIBUTE) for (const h of Object.keys(next)) if (next[h] === target) next[h] = IGNORE;
      next[header] = target;
      return next;
    });
  }

  async function start() {
    setBusy("start");
    setError(null);
    const res = await fetch(`${base}/start`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(requestBody(targets, locale)) });
    if (!res.ok) {
      setError(await responseError(res, "Could not start the import."));
      setBusy(null);
      return;
    }
    router.refresh();
  }

  async function discard() {
    if (!window.confirm("Discard this upload? Nothing has been imported from it.")) return;
    setBusy("discard");
    const res = await fetch(base, { method: "DELETE" });
    if (!res.ok) {
      setError(await responseError(res, "Could not discard the upload."));
      setBusy(null);
      return;
    }
    router.push(`/w/${slug}/import`);
  }

  const used = new Set(Object.values(targets));
  const missing = preview.fields.filter((f) => f.required && !used.has(f.key));
  const kind = IMPORT_KINDS[preview.kind];
  const hasAmounts = fieldsFor(preview.kind).some((f) => f.cell === "amount");

  return (
    <div className="space-y-6">
      <section aria-labelledby="mapping-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="mapping-heading" className="text-sm font-semibold text-slate-800">
          Columns
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          We matched columns by their names; check each one. {kind.keepsAttributes ? `Columns you keep as custom attributes are stored with the ${kind.singular}${preview.kind === "CUSTOMERS" ? " and usable in segments" : ""}.` : "Unmapped columns are ignored."}
        </p>
        <div className="mt-3 overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="py-1 pr-4">Column in your file</th>
                <th className="py-1 pr-4">Examples</th>
                <th className="py-1">Import as</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preview.headers.map((h) => (
                <tr key={h}>
                  <td className="py-1.5 pr-4 font-medium">{h}</td>
                  <td className="max-w-xs truncate py-1.5 pr-4 text-slate-500">{(preview.examples[h] ?? []).join(", ") || "(empty)"}</td>
                  <td className="py-1.5">
                    <select aria-label={`Import column ${h} as`} value={targets[h] ?? IGNORE} onChange={(e) => choose(h, e.target.value)} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
                      <option value={IGNORE}>— Don’t import —</option>
                      {kind.keepsAttributes ? <option value={ATTRIBUTE}>Custom attribute “{h}”</option> : null}
                      {preview.fields.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.label}
                          {f.required ? " (required)" : ""}
                          {used.has(f.key) && targets[h] !== f.key ? " — in use" : ""}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="mt-4 flex flex-wrap gap-4 text-sm">
          <label>
            Dates like 03/04/2024 mean{" "}
            <select value={locale.dateOrder ?? ""} onChange={(e) => setLocale({ ...locale, dateOrder: e.target.value === "DMY" || e.target.value === "MDY" ? e.target.value : null })} className="rounded-md border border-slate-300 px-2 py-1">
              <option value="">not sure (reject them)</option>
              <option value="DMY">3 April (day first)</option>
              <option value="MDY">March 4 (month first)</option>
            </select>
          </label>
          {hasAmounts ? (
            <label>
              Decimal separator{" "}
              <select value={locale.decimalSeparator} onChange={(e) => setLocale({ ...locale, decimalSeparator: e.target.value === "," ? "," : "." })} className="rounded-md border border-slate-300 px-2 py-1">
                <option value=".">point (1,234.50)</option>
                <option value=",">comma (1.234,50)</option>
              </select>
            </label>
          ) : null}
        </div>
      </section>

      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading" className="mb-2 text-sm font-semibold text-slate-800">
          Preview {busy === "preview" ? <span className="font-normal text-slate-500">(updating…)</span> : null}
        </h2>
        <PreviewTable preview={preview} />
      </section>

      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {preview.problems.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-amber-800">
          {preview.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div className="flex gap-2">
        <Button onClick={start} disabled={busy !== null || missing.length > 0}>
          {busy === "start" ? "Starting…" : `Import ${formatNumber(preview.totalRows)} rows`}
        </Button>
        <Button variant="ghost" onClick={discard} disabled={busy !== null}>
          Discard upload
        </Button>
      </div>
    </div>
  );
}
