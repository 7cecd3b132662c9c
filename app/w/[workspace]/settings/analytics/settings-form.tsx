"use client";

import { useState, type FormEvent } from "react";
import type { AnalyticsSettings } from "@/lib/analytics/recompute/analytics-settings.schema";
import type { RfmSettings } from "@/lib/analytics/rfm/rfm-settings.schema";
import { fieldForPath, plainFieldMessage } from "@/lib/workspaces/analytics-settings-messages";
import { Button } from "@/components/ui/button";
import { Field, FieldInput, FieldNote, inputClasses, noteId } from "@/components/ui/field";
import { saveAnalyticsSettings } from "./actions";
import { RfmSegmentRows, type SegmentRow } from "./rfm-segment-rows";

/** A percentage field's text as the fraction the settings hold; null when it is not a number (the server names the field). */
function fraction(text: string): number | null {
  const n = Number(text.replace(",", ".").replace("%", "").trim());
  return text.trim() === "" || !Number.isFinite(n) ? null : Math.round(n * 1e6) / 1e8;
}
const percent = (v: number) => String(Math.round(v * 1e8) / 1e6);

/**
 * The analytics settings as a form: each setting its own field with a short
 * explanation, and the server's refusal shown beside the field it concerns
 * (the same schemas the runs use decide; nothing is saved unless all fields
 * are valid, and the save is audited).
 */
export function AnalyticsSettingsForm({ slug, initial }: { slug: string; initial: { analytics: AnalyticsSettings; rfm: RfmSettings } }) {
  const a = initial.analytics;
  const [enabled, setEnabled] = useState(a.schedule.enabled);
  const [time, setTime] = useState(a.schedule.time);
  const [model, setModel] = useState(a.clv.model);
  const [timeUnit, setTimeUnit] = useState(a.clv.timeUnit);
  const [discount, setDiscount] = useState(percent(a.clv.annualDiscountRate));
  const [low, setLow] = useState(percent(a.clv.churnRiskBands.lowAtLeast));
  const [medium, setMedium] = useState(percent(a.clv.churnRiskBands.mediumAtLeast));
  const [snapshots, setSnapshots] = useState(String(a.runHistory.rfmSnapshotRuns));
  const [secondAxis, setSecondAxis] = useState(initial.rfm.secondAxis);
  const [segments, setSegments] = useState<SegmentRow[]>(
    initial.rfm.segments.map((s) => ({ segment: s.segment, r: [String(s.r[0]), String(s.r[1])], fm: [String(s.fm[0]), String(s.fm[1])] })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    setErrors({});
    const num = (s: string) => (s.trim() === "" || !Number.isFinite(Number(s)) ? null : Number(s));
    const input = {
      analytics: {
        schedule: { enabled, time },
        clv: { model, timeUnit, annualDiscountRate: fraction(discount), churnRiskBands: { lowAtLeast: fraction(low), mediumAtLeast: fraction(medium) } },
        runHistory: { rfmSnapshotRuns: num(snapshots) },
      },
      rfm: { secondAxis, segments: segments.map((s) => ({ segment: s.segment, r: s.r.map(num), fm: s.fm.map(num) })) },
    };
    setSaving(true);
    const result = await saveAnalyticsSettings(slug, input);
    setSaving(false);
    if (result.ok) {
      setMessage({ ok: true, text: "Saved. The next run uses these settings." });
      return;
    }
    const shown: Record<string, string> = {};
    for (const [path, msg] of Object.entries(result.fieldErrors ?? {})) shown[fieldForPath(path)] ??= plainFieldMessage(path, msg);
    setErrors(shown);
    setMessage({ ok: false, text: Object.keys(shown).length ? "Nothing was saved. Correct the fields marked below." : result.error });
  }

  const e = (path: string) => errors[path];
  return (
    <form onSubmit={save} className="space-y-8" noValidate>
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-slate-800">Nightly recompute</legend>
        <div>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" checked={enabled} onChange={(ev) => setEnabled(ev.target.checked)} />
            Recompute RFM and CLV every night
          </label>
        </div>
        <Field id="analytics.schedule.time" label="Time of the nightly run" hint="24-hour clock, in the workspace time zone." error={e("analytics.schedule.time")}>
          <FieldInput id="analytics.schedule.time" value={time} onChange={(ev) => setTime(ev.target.value)} error={e("analytics.schedule.time")} className={`${inputClasses} max-w-32`} />
        </Field>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-slate-800">CLV model</legend>
        <Field
          id="analytics.clv.model"
          label="Purchase model"
          hint="BG/NBD suits most shops; MBG/NBD lets one-time buyers count as lost; Pareto/NBD lets a customer drop out at any time, not only after a purchase."
          error={e("analytics.clv.model")}
        >
          <select id="analytics.clv.model" aria-describedby={noteId("analytics.clv.model")} className={inputClasses} value={model} onChange={(ev) => setModel(ev.target.value as typeof model)}>
            <option value="bg-nbd">BG/NBD</option>
            <option value="mbg-nbd">MBG/NBD</option>
            <option value="pareto-nbd">Pareto/NBD</option>
          </select>
        </Field>
        <Field id="analytics.clv.timeUnit" label="Time unit of the fit" hint="Weeks fit faster on long histories; the results (90 and 365 days, 12 months) do not depend on it." error={e("analytics.clv.timeUnit")}>
          <select id="analytics.clv.timeUnit" aria-describedby={noteId("analytics.clv.timeUnit")} className={inputClasses} value={timeUnit} onChange={(ev) => setTimeUnit(ev.target.value as typeof timeUnit)}>
            <option value="weeks">Weeks</option>
            <option value="days">Days</option>
          </select>
        </Field>
        <PercentField id="analytics.clv.annualDiscountRate" label="Yearly discount rate (%)" hint="Future purchases are worth less today; 10% is common. Applied monthly." value={discount} onChange={setDiscount} error={e("analytics.clv.annualDiscountRate")} />
        <div className="grid gap-4 sm:grid-cols-2">
          <PercentField id="analytics.clv.churnRiskBands.lowAtLeast" label="Low churn risk from P(alive) (%)" hint="Customers at or above this P(alive) are low risk." value={low} onChange={setLow} error={e("analytics.clv.churnRiskBands.lowAtLeast")} />
          <PercentField
            id="analytics.clv.churnRiskBands.mediumAtLeast"
            label="Medium churn risk from P(alive) (%)"
            hint="At or above this and below the low threshold: medium; below it: high. Must be below the low threshold."
            value={medium}
            onChange={setMedium}
            error={e("analytics.clv.churnRiskBands.mediumAtLeast")}
          />
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-slate-800">RFM</legend>
        <Field id="analytics.runHistory.rfmSnapshotRuns" label="RFM runs to keep (2–24)" hint="Segment moves can be compared only between kept runs; each kept run holds a row per scored customer." error={e("analytics.runHistory.rfmSnapshotRuns")}>
          <FieldInput id="analytics.runHistory.rfmSnapshotRuns" inputMode="numeric" value={snapshots} onChange={(ev) => setSnapshots(ev.target.value)} error={e("analytics.runHistory.rfmSnapshotRuns")} className={`${inputClasses} max-w-32`} />
        </Field>
        <Field id="rfm.secondAxis" label="Columns of the RFM grid" hint="F alone, or F and M combined as (F + M) / 2 rounded half up." error={e("rfm.secondAxis")}>
          <select id="rfm.secondAxis" aria-describedby={noteId("rfm.secondAxis")} className={inputClasses} value={secondAxis} onChange={(ev) => setSecondAxis(ev.target.value as typeof secondAxis)}>
            <option value="frequency-monetary">Frequency and monetary (FM)</option>
            <option value="frequency">Frequency only</option>
          </select>
        </Field>
        <RfmSegmentRows rows={segments} onChange={setSegments} errors={errors} />
        <FieldNote id="rfm.segments" hint="Each segment covers a rectangle of R scores (rows, 5 = most recent) and FM scores (columns, 5 = best); together they must cover all 25 cells exactly once." error={e("rfm.segments")} />
      </fieldset>

      {message ? (
        <div role={message.ok ? "status" : "alert"} className={`rounded-md px-3 py-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
          {message.text}
        </div>
      ) : null}
      <Button type="submit" disabled={saving}>
        {saving ? "Saving…" : "Save settings"}
      </Button>
    </form>
  );
}

function PercentField({ id, label, hint, value, onChange, error }: { id: string; label: string; hint: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <FieldInput id={id} inputMode="decimal" value={value} onChange={(ev) => onChange(ev.target.value)} error={error} className={`${inputClasses} max-w-32`} />
    </Field>
  );
}
