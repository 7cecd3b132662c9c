"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { saveAnalyticsSettings } from "./actions";

/**
 * The analytics settings as two JSON documents (schedule + CLV; the RFM map).
 * The server validates both with the same schemas the runs use and names the
 * field at fault; nothing is saved unless both are valid.
 */
export function AnalyticsSettingsForm({ slug, initial }: { slug: string; initial: { analytics: unknown; rfm: unknown } }) {
  const [analytics, setAnalytics] = useState(JSON.stringify(initial.analytics, null, 2));
  const [rfm, setRfm] = useState(JSON.stringify(initial.rfm, null, 2));
  const [message, setMessage] = useState<{ ok: boolean; text: string; details?: string[] } | null>(null);
  const [saving, setSaving] = useState(false);

  async function save() {
    setMessage(null);
    let parsed: { analytics: unknown; rfm: unknown };
    try {
      parsed = { analytics: JSON.parse(analytics) as unknown, rfm: JSON.parse(rfm) as unknown };
    } catch (err) {
      setMessage({ ok: false, text: `Not valid JSON: ${(err as Error).message}` });
      return;
    }
    setSaving(true);
    const result = await saveAnalyticsSettings(slug, parsed);
    setSaving(false);
    if (result.ok) setMessage({ ok: true, text: "Saved. The next run uses these settings." });
    else
      setMessage({
        ok: false,
        text: result.error,
        details: result.fieldErrors ? Object.entries(result.fieldErrors).map(([path, msg]) => `${path}: ${msg}`) : undefined,
      });
  }

  return (
    <div className="space-y-4">
      <label className="block">
        <span className="text-sm font-semibold text-slate-800">Schedule and CLV model</span>
        <textarea
          value={analytics}
          onChange={(e) => setAnalytics(e.target.value)}
          rows={16}
          spellCheck={false}
          className="mt-1 block w-full rounded-md border border-slate-300 p-3 font-mono text-xs"
        />
      </label>
      <label className="block">
        <span className="text-sm font-semibold text-slate-800">RFM segment map (R and FM score ranges per segment)</span>
        <textarea
          value={rfm}
          onChange={(e) => setRfm(e.target.value)}
          rows={20}
          spellCheck={false}
          className="mt-1 block w-full rounded-md border border-slate-300 p-3 font-mono text-xs"
        />
      </label>
      {message ? (
        <div role={message.ok ? "status" : "alert"} className={`rounded-md px-3 py-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
          <p>{message.text}</p>
          {message.details ? (
            <ul className="mt-1 list-disc pl-5">
              {message.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Button onClick={save} disabled={saving}>
        {saving ? "Saving…" : "Save settings"}
      </Button>
    </div>
  );
}
