"use client";

import { Button } from "@/components/ui/button";
import { Field, inputClasses, noteId } from "@/components/ui/field";
import { experimentWarnings } from "@/lib/campaigns/experiments/experiment.schema";
import type { EditorState } from "./editor-model";
import { addVariant, type EditorExperiment, type EditorVariant } from "./experiment-model";

interface Props {
  state: EditorState;
  set: (patch: Partial<EditorState>) => void;
  errors: Record<string, string>;
  /** A paused campaign keeps its split: control share and variants' keys and weights. */
  locked: boolean;
}

/** Control group, attribution window, ROI inputs and A/B/n variants (docs/experiments.md). */
export function ExperimentFields({ state, set, errors, locked }: Props) {
  const experiment = state.experiment;
  const change = (patch: Partial<EditorExperiment>) => set({ experiment: { ...experiment, ...patch } });
  const changeVariant = (index: number, patch: Partial<EditorVariant>) => change({ variants: experiment.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)) });
  const control = Number(experiment.controlPercent.trim() === "" ? 10 : experiment.controlPercent);
  const warnings = Number.isFinite(control) ? experimentWarnings({ controlPercent: control }) : [];
  const numberInput = (id: string, path: string, value: string, onChange: (v: string) => void, extra: { min?: number; max?: number; step?: string; placeholder?: string; disabled?: boolean } = {}) => (
    <input
      id={id}
      type="number"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-describedby={noteId(id)}
      aria-invalid={errors[path] ? true : undefined}
      className={inputClasses}
      {...extra}
    />
  );
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="experiment-control" label="Control group (%)" hint="Held out at random and never sent, so the campaign's effect can be measured. 0 to 90; 10 by default." error={errors["experiment.controlPercent"]}>
          {numberInput("experiment-control", "experiment.controlPercent", experiment.controlPercent, (v) => change({ controlPercent: v }), { min: 0, max: 90, disabled: locked })}
        </Field>
        <Field id="experiment-window" label="Attribution window (days)" hint="Orders within this many days after the send (or the hold-out) count as the campaign's outcome." error={errors["experiment.attributionDays"]}>
          {numberInput("experiment-window", "experiment.attributionDays", experiment.attributionDays, (v) => change({ attributionDays: v }), { min: 1, max: 90 })}
        </Field>
        <Field id="experiment-cost" label="Cost per message" hint="In the workspace's currency, for ROI. Empty: no cost." error={errors["experiment.costPerMessage"]}>
          {numberInput("experiment-cost", "experiment.costPerMessage", experiment.costPerMessage, (v) => change({ costPerMessage: v }), { min: 0, step: "0.0001", placeholder: "0" })}
        </Field>
        <Field id="experiment-margin" label="Gross margin (%)" hint="For incremental profit. Empty: not known." error={errors["experiment.grossMarginPercent"]}>
          {numberInput("experiment-margin", "experiment.grossMarginPercent", experiment.grossMarginPercent, (v) => change({ grossMarginPercent: v }), { min: 0, max: 100, step: "0.01" })}
        </Field>
      </div>
      {warnings.map((w) => (
        <p key={w} role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {w}
        </p>
      ))}
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" className="mt-1" checked={experiment.exemptFromGlobalControl} disabled={locked} onChange={(e) => change({ exemptFromGlobalControl: e.target.checked })} />
        <span>
          Exempt from the global control group
          <span className="block text-xs text-slate-500">For transactional messages: also reaches the customers the workspace holds out of every campaign.</span>
        </span>
      </label>

      <fieldset aria-describedby={noteId("experiment-variants")}>
        <legend className="text-sm font-medium text-slate-800">Variants</legend>
        <p className="text-xs text-slate-500">
          Split the sent group between versions (another subject, a later send time); each is compared with the control and with the others. Weights are percentages of the sent group and add up to 100.
        </p>
        {experiment.variants.length === 0 ? <p className="mt-2 text-sm text-slate-600">No variants: everyone outside the control group gets the template above.</p> : null}
        <ul className="mt-2 space-y-3">
          {experiment.variants.map((v, i) => (
            <li key={i} className="rounded-md border border-slate-200 p-3" aria-label={`Variant ${v.key || i + 1}`}>
              <div className="grid gap-3 sm:grid-cols-4">
                <Field id={`variant-${i}-key`} label="Key" error={errors[`experiment.variants.${i}.key`]}>
                  <input id={`variant-${i}-key`} value={v.key} disabled={locked} onChange={(e) => changeVariant(i, { key: e.target.value })} aria-describedby={noteId(`variant-${i}-key`)} aria-invalid={errors[`experiment.variants.${i}.key`] ? true : undefined} className={inputClasses} />
                </Field>
                <Field id={`variant-${i}-name`} label="Name" error={errors[`experiment.variants.${i}.name`]}>
                  <input id={`variant-${i}-name`} value={v.name} onChange={(e) => changeVariant(i, { name: e.target.value })} aria-describedby={noteId(`variant-${i}-name`)} aria-invalid={errors[`experiment.variants.${i}.name`] ? true : undefined} className={inputClasses} />
                </Field>
                <Field id={`variant-${i}-weight`} label="Weight (%)" error={errors[`experiment.variants.${i}.weight`]}>
                  {numberInput(`variant-${i}-weight`, `experiment.variants.${i}.weight`, v.weight, (value) => changeVariant(i, { weight: value }), { min: 1, max: 100, disabled: locked })}
                </Field>
                <Field id={`variant-${i}-offset`} label="Send later by (minutes)" error={errors[`experiment.variants.${i}.sendOffsetMinutes`]}>
                  {numberInput(`variant-${i}-offset`, `experiment.variants.${i}.sendOffsetMinutes`, v.sendOffsetMinutes, (value) => changeVariant(i, { sendOffsetMinutes: value }), { min: 0, max: 10080, disabled: locked })}
                </Field>
              </div>
              {v.ownContent ? (
                <p className="mt-2 text-xs text-slate-600">This variant sends a {v.ownContent.channel} template of its own (set through the API); it is kept as it is.</p>
              ) : state.channel === "email" ? (
                <div className="mt-3">
                  <Field id={`variant-${i}-subject`} label="Subject" hint="Empty: the campaign's subject." error={errors[`experiment.variants.${i}.content.subject`]}>
                    <input id={`variant-${i}-subject`} value={v.subject} onChange={(e) => changeVariant(i, { subject: e.target.value })} aria-describedby={noteId(`variant-${i}-subject`)} aria-invalid={errors[`experiment.variants.${i}.content.subject`] ? true : undefined} className={inputClasses} />
                  </Field>
                </div>
              ) : null}
              {locked ? null : (
                <Button type="button" variant="ghost" className="mt-2" onClick={() => change({ variants: experiment.variants.filter((_, j) => j !== i) })}>
                  Remove variant {v.key}
                </Button>
              )}
            </li>
          ))}
        </ul>
        <div id={noteId("experiment-variants")}>{errors["experiment.variants"] ? <p className="mt-1 text-xs text-red-700">{errors["experiment.variants"]}</p> : null}</div>
        {locked ? null : (
          <Button type="button" variant="ghost" className="mt-2" onClick={() => change(addVariant(experiment))}>
            Add a variant
          </Button>
        )}
      </fieldset>

      {experiment.variants.length >= 2 || experiment.autoWinner ? (
        <fieldset className="space-y-2" aria-describedby={noteId("experiment-auto-winner")}>
          <legend className="text-sm font-medium text-slate-800">Automatic winner</legend>
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="mt-1"
              checked={experiment.autoWinner}
              onChange={(e) => change({ autoWinner: e.target.checked })}
              data-testid="experiment-auto-winner"
            />
            <span>
              Send the rest of the audience the winning variant
              <span className="block text-xs text-slate-500">
                Once every variant has the minimum below, a variant significantly better than every other one (always-valid intervals, safe to check every day) goes to everyone not yet
                sent: later occurrences and the unsent rest of a broadcast.
              </span>
            </span>
          </label>
          {experiment.autoWinner ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="experiment-auto-winner-min" label="Minimum customers per variant" hint="30 to 1,000,000; 1,000 by default." error={errors["experiment.autoWinner.minCustomersPerVariant"]}>
                {numberInput("experiment-auto-winner-min", "experiment.autoWinner.minCustomersPerVariant", experiment.autoWinnerMin, (v) => change({ autoWinnerMin: v }), { min: 30, max: 1_000_000 })}
              </Field>
              <Field id="experiment-auto-winner-metric" label="Better at" hint="What the winner must beat every other variant on." error={errors["experiment.autoWinner.metric"]}>
                <select
                  id="experiment-auto-winner-metric"
                  value={experiment.autoWinnerMetric}
                  onChange={(e) => change({ autoWinnerMetric: e.target.value === "conversion" ? "conversion" : "revenue" })}
                  aria-describedby={noteId("experiment-auto-winner-metric")}
                  className={inputClasses}
                >
                  <option value="revenue">Revenue per customer</option>
                  <option value="conversion">Conversion rate</option>
                </select>
              </Field>
            </div>
          ) : null}
          <div id={noteId("experiment-auto-winner")}>{errors["experiment.autoWinner"] ? <p className="mt-1 text-xs text-red-700">{errors["experiment.autoWinner"]}</p> : null}</div>
        </fieldset>
      ) : null}
    </div>
  );
}
