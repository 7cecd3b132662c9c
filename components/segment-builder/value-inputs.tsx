"use client";

import { useId, useState, type KeyboardEvent } from "react";
import type { Unit } from "@/lib/segments/field-catalog";
import type { KnownValue } from "@/lib/segments/segment-views";

export const inputClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 aria-[invalid=true]:border-red-500";

export const smallButtonClass =
  "inline-flex items-center rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-brand-500 disabled:cursor-not-allowed disabled:opacity-40";

export interface CommonInputProps {
  /** Accessible name ("Value", "From", "Days"). */
  label: string;
  invalid?: boolean;
  describedBy?: string;
}

/** Probabilities are edited as percentages; rounding hides binary noise (0.07 * 100). */
function toDisplay(value: number, unit: Unit | undefined): string {
  if (!Number.isFinite(value)) return "";
  return String(unit === "probability" ? Number((value * 100).toFixed(8)) : value);
}

function fromDisplay(text: string, unit: Unit | undefined): number {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return Number.NaN;
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return Number.NaN;
  return unit === "probability" ? n / 100 : n;
}

function unitText(unit: Unit | undefined, currency: string): string | null {
  switch (unit) {
    case "currency":
      return currency;
    case "probability":
      return "%";
    case "days":
      return "days";
    case "orders":
      return "orders";
    case "purchases":
      return "purchases";
    case "times":
      return "times";
    case "score":
      return "(1–5)";
    default:
      return null;
  }
}

/**
 * A number with its unit beside it. The text is kept locally so "1." or an
 * empty box can be typed through; the definition receives NaN (shown as an
 * error on the rule) until the text is a number.
 */
export function NumberInput({
  value,
  onChange,
  unit,
  currency,
  integer,
  label,
  invalid,
  describedBy,
  id,
}: CommonInputProps & { value: number; onChange: (v: number) => void; unit?: Unit; currency: string; integer?: boolean; id?: string }) {
  const [text, setText] = useState(() => toDisplay(value, unit));
  const [shown, setShown] = useState(value);
  // Adopt outside changes (operator switch, template) without fighting the user's typing.
  if (!Object.is(shown, value)) {
    setShown(value);
    if (!Object.is(fromDisplay(text, unit), value)) setText(toDisplay(value, unit));
  }
  const suffix = unitText(unit, currency);
  return (
    <span className="inline-flex items-center gap-1">
      <input
        id={id}
        type="text"
        inputMode={integer ? "numeric" : "decimal"}
        aria-label={suffix ? `${label} (${suffix})` : label}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={`${inputClass} w-28 tabular-nums`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const n = fromDisplay(e.target.value, unit);
          setShown(n);
          onChange(n);
        }}
      />
      {suffix ? <span className="text-xs text-slate-500" aria-hidden="true">{suffix}</span> : null}
    </span>
  );
}

export function DateInput({ value, onChange, label, invalid, describedBy, id }: CommonInputProps & { value: string; onChange: (v: string) => void; id?: string }) {
  return (
    <input
      id={id}
      type="date"
      aria-label={label}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      className={inputClass}
      // Date-times from the API are shown as their day; editing sets a whole day.
      value={value.slice(0, 10)}
      min="1900-01-01"
      max="2999-12-31"
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function TextInput({
  value,
  onChange,
  label,
  invalid,
  describedBy,
  suggestions,
  placeholder,
  id,
}: CommonInputProps & { value: string; onChange: (v: string) => void; suggestions?: readonly KnownValue[]; placeholder?: string; id?: string }) {
  const listId = useId();
  return (
    <>
      <input
        id={id}
        type="text"
        aria-label={label}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={`${inputClass} w-48`}
        value={value}
        placeholder={placeholder}
        list={suggestions?.length ? listId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {suggestions?.length ? (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={String(s.value)} value={String(s.value)}>
              {s.label !== String(s.value) ? s.label : undefined}
            </option>
          ))}
        </datalist>
      ) : null}
    </>
  );
}

export function BooleanInput({ value, onChange, label, invalid, describedBy, id }: CommonInputProps & { value: boolean; onChange: (v: boolean) => void; id?: string }) {
  return (
    <select
      id={id}
      aria-label={label}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      className={inputClass}
      value={value ? "yes" : "no"}
      onChange={(e) => onChange(e.target.value === "yes")}
    >
      <option value="yes">yes</option>
      <option value="no">no</option>
    </select>
  );
}

/** Up to this many known values are shown as checkboxes; more get a type-ahead. */
const CHECKBOX_LIMIT = 14;

/**
 * A list of values: checkboxes for short known lists (RFM segments, risk
 * bands), otherwise chips plus a type-ahead over the known values. Free
 * values are always allowed: the picker lists what exists today.
 */
export function ListInput<T extends string | number>({
  values,
  onChange,
  known,
  numeric,
  label,
  invalid,
  describedBy,
  id,
}: CommonInputProps & { values: readonly T[]; onChange: (v: T[]) => void; known?: readonly KnownValue[]; numeric: boolean; id?: string }) {
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();
  const labelOf = (v: T) => known?.find((k) => k.value === v)?.label ?? String(v);

  const parse = (text: string): T | null => {
    const trimmed = text.trim();
    if (!trimmed) return null;
    const match = known?.find((k) => k.label === trimmed || String(k.value) === trimmed);
    if (match) return match.value as T;
    if (numeric) {
      const n = Number(trimmed);
      return Number.isFinite(n) ? (n as T) : null;
    }
    return trimmed as T;
  };

  const add = () => {
    const v = parse(draft);
    if (v === null) {
      setProblem(draft.trim() ? `“${draft.trim()}” is not a valid value` : null);
      return;
    }
    setProblem(null);
    if (!values.includes(v)) onChange([...values, v]);
    setDraft("");
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add();
    } else if (e.key === "Backspace" && draft === "" && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };

  if (known && known.length > 0 && known.length <= CHECKBOX_LIMIT && values.every((v) => known.some((k) => k.value === v))) {
    return (
      <fieldset id={id} tabIndex={-1} aria-invalid={invalid || undefined} aria-describedby={describedBy} className="flex flex-wrap gap-x-3 gap-y-1">
        <legend className="sr-only">{label}</legend>
        {known.map((k) => (
          <label key={String(k.value)} className="inline-flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              className="h-4 w-4 rounded border-slate-300"
              checked={values.includes(k.value as T)}
              onChange={(e) => onChange(e.target.checked ? [...values, k.value as T] : values.filter((v) => v !== k.value))}
            />
            {k.label}
          </label>
        ))}
      </fieldset>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-1">
      <ul className="flex flex-wrap gap-1" aria-label={`${label}: chosen values`}>
        {values.map((v) => (
          <li key={String(v)} className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700">
            {labelOf(v)}
            <button
              type="button"
              className="rounded-full px-1 text-brand-700 hover:bg-brand-100 focus:outline-none focus:ring-2 focus:ring-brand-500"
              aria-label={`Remove ${labelOf(v)}`}
              onClick={() => onChange(values.filter((x) => x !== v))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        type="text"
        aria-label={`Add to ${label.toLowerCase()}`}
        aria-invalid={invalid || problem !== null || undefined}
        aria-describedby={describedBy}
        className={`${inputClass} w-40`}
        value={draft}
        placeholder={known?.length ? "Type or pick…" : "Type, then Enter"}
        list={known?.length ? listId : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setProblem(null);
        }}
        onKeyDown={onKey}
      />
      {known?.length ? (
        <datalist id={listId}>
          {known
            .filter((k) => !values.includes(k.value as T))
            .map((k) => (
              <option key={String(k.value)} value={k.label} />
            ))}
        </datalist>
      ) : null}
      <button type="button" className={smallButtonClass} onClick={add} disabled={!draft.trim()}>
        Add
      </button>
      {problem ? <span className="text-xs text-red-600">{problem}</span> : null}
    </div>
  );
}
