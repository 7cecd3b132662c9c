"use client";

import type { ReactNode } from "react";
import type { AggregateMatch, ConditionNode, Match, SegmentNode, TimeWindow } from "@/lib/segments/definition.schema";
import type { ValueKind } from "@/lib/segments/fields";
import { controlId, useBuilder } from "./builder-context";
import { FIELD_GROUPS, FIELD_OPTIONS, conditionFor, fieldKeyOf, matchTarget, type Unit, type ValueSource } from "./field-catalog";
import { AGGREGATE_OP_LABELS, AGGREGATE_OP_LIST, OP_LABELS, changeAggregateOp, changeOp, opsFor } from "./operators";
import { NodeToolbar } from "./node-toolbar";
import { useFieldValues } from "./use-field-values";
import { BooleanInput, DateInput, ListInput, NumberInput, TextInput, inputClass } from "./value-inputs";

interface EditorProps<T> {
  value: T;
  onChange(next: T): void;
  invalid: boolean;
  describedBy?: string;
}

function MatchEditor({
  value: match,
  onChange,
  kind,
  unit,
  valuesFrom,
  invalid,
  describedBy,
  label,
}: EditorProps<Match> & { kind: ValueKind; unit?: Unit; valuesFrom?: ValueSource; label: string }) {
  const { slug, currency } = useBuilder();
  const known = useFieldValues(slug, valuesFrom).data?.values;
  const common = { invalid, describedBy };
  let input: ReactNode = null;
  switch (match.op) {
    case "equals":
    case "notEquals":
      if (kind === "boolean") input = <BooleanInput label="Value" value={match.value === true} onChange={(v) => onChange({ ...match, value: v })} {...common} />;
      else if (kind === "number")
        input = <NumberInput label="Value" currency={currency} unit={unit} value={typeof match.value === "number" ? match.value : Number.NaN} onChange={(v) => onChange({ ...match, value: v })} {...common} />;
      else input = <TextInput label="Value" suggestions={known} value={typeof match.value === "string" ? match.value : ""} onChange={(v) => onChange({ ...match, value: v })} {...common} />;
      break;
    case "in":
    case "notIn":
      input = <ListInput label="Values" numeric={kind === "number"} known={known} values={match.values} onChange={(values) => onChange({ ...match, values })} {...common} />;
      break;
    case "contains":
    case "notContains":
    case "startsWith":
      input = <TextInput label="Text" value={match.value} onChange={(v) => onChange({ ...match, value: v })} {...common} />;
      break;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      input = <NumberInput label="Value" currency={currency} unit={unit} value={match.value} onChange={(v) => onChange({ ...match, value: v })} {...common} />;
      break;
    case "between":
      input = (
        <>
          <NumberInput label="From" currency={currency} unit={unit} value={match.min} onChange={(v) => onChange({ ...match, min: v })} {...common} />
          <span className="text-sm text-slate-500">and</span>
          <NumberInput label="To" currency={currency} unit={unit} value={match.max} onChange={(v) => onChange({ ...match, max: v })} {...common} />
        </>
      );
      break;
    case "before":
    case "after":
    case "on":
      input = <DateInput label="Date" value={match.value} onChange={(v) => onChange({ ...match, value: v })} {...common} />;
      break;
    case "betweenDates":
      input = (
        <>
          <DateInput label="From date" value={match.from} onChange={(v) => onChange({ ...match, from: v })} {...common} />
          <span className="text-sm text-slate-500">and</span>
          <DateInput label="To date" value={match.to} onChange={(v) => onChange({ ...match, to: v })} {...common} />
        </>
      );
      break;
    case "withinLastDays":
    case "moreThanDaysAgo":
      input = (
        <>
          <NumberInput label="Days" integer currency={currency} unit="days" value={match.days} onChange={(v) => onChange({ ...match, days: v })} {...common} />
          {match.op === "moreThanDaysAgo" ? <span className="text-sm text-slate-500">ago</span> : null}
        </>
      );
      break;
    case "isSet":
    case "isNotSet":
      break;
  }
  return (
    <>
      <select aria-label={`${label}: operator`} className={inputClass} value={match.op} onChange={(e) => onChange(changeOp(kind, match, e.target.value as Match["op"]))}>
        {opsFor(kind).map((op) => (
          <option key={op} value={op}>
            {op === "moreThanDaysAgo" ? "more than" : OP_LABELS[op]}
          </option>
        ))}
      </select>
      {input}
    </>
  );
}

function AggregateEditor({ value: match, onChange, unit, integer, invalid, describedBy }: EditorProps<AggregateMatch> & { unit: Unit; integer: boolean }) {
  const { currency } = useBuilder();
  const common = { invalid, describedBy, currency, unit, integer };
  return (
    <>
      <select aria-label="How many" className={inputClass} value={match.op} onChange={(e) => onChange(changeAggregateOp(match, e.target.value as AggregateMatch["op"]))}>
        {AGGREGATE_OP_LIST.map((op) => (
          <option key={op} value={op}>
            {AGGREGATE_OP_LABELS[op]}
          </option>
        ))}
      </select>
      {match.op === "between" ? (
        <>
          <NumberInput label="At least" value={match.min} onChange={(v) => onChange({ ...match, min: v })} {...common} />
          <span className="text-sm text-slate-500">and</span>
          <NumberInput label="At most" value={match.max} onChange={(v) => onChange({ ...match, max: v })} {...common} />
        </>
      ) : (
        <NumberInput label="Amount" value={match.value} onChange={(v) => onChange({ ...match, value: v })} {...common} />
      )}
    </>
  );
}

function WindowEditor({ value: window, onChange, invalid, describedBy }: EditorProps<TimeWindow>) {
  const { currency } = useBuilder();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <select
        aria-label="When"
        className={inputClass}
        value={window.kind}
        onChange={(e) => {
          const kind = e.target.value as TimeWindow["kind"];
          if (kind === "ever") onChange({ kind });
          else if (kind === "lastDays") onChange({ kind, days: 30 });
          else onChange({ kind, from: today, to: today });
        }}
      >
        <option value="ever">at any time</option>
        <option value="lastDays">in the last</option>
        <option value="between">between dates</option>
      </select>
      {window.kind === "lastDays" ? (
        <NumberInput label="Window length" integer currency={currency} unit="days" value={window.days} onChange={(days) => onChange({ ...window, days })} invalid={invalid} describedBy={describedBy} />
      ) : null}
      {window.kind === "between" ? (
        <>
          <DateInput label="Window start" value={window.from} onChange={(from) => onChange({ ...window, from })} invalid={invalid} describedBy={describedBy} />
          <span className="text-sm text-slate-500">and</span>
          <DateInput label="Window end" value={window.to} onChange={(to) => onChange({ ...window, to })} invalid={invalid} describedBy={describedBy} />
        </>
      ) : null}
    </>
  );
}

type PropertyValueType = "string" | "number" | "boolean";

function EventEditor({ node, set, common }: { node: Extract<ConditionNode, { type: "event" }>; set: (n: ConditionNode) => void; common: { invalid: boolean; describedBy?: string } }) {
  const { slug } = useBuilder();
  const eventTypes = useFieldValues(slug, "eventType").data?.values;
  const prop = node.property;
  const propType: PropertyValueType = typeof prop?.value === "number" ? "number" : typeof prop?.value === "boolean" ? "boolean" : "string";
  return (
    <>
      <TextInput label="Event name" placeholder="e.g. email_click" suggestions={eventTypes} value={node.eventType} onChange={(eventType) => set({ ...node, eventType })} {...common} />
      {prop ? (
        <span className="inline-flex flex-wrap items-center gap-1">
          <span className="text-sm text-slate-500">with</span>
          <TextInput label="Property name" value={prop.key} onChange={(key) => set({ ...node, property: { ...prop, key } })} {...common} />
          <span className="text-sm text-slate-500">=</span>
          <select
            aria-label="Property type"
            className={inputClass}
            value={propType}
            onChange={(e) => {
              const t = e.target.value as PropertyValueType;
              const value = t === "number" ? Number(prop.value) || 0 : t === "boolean" ? true : String(prop.value);
              set({ ...node, property: { ...prop, value } });
            }}
          >
            <option value="string">text</option>
            <option value="number">number</option>
            <option value="boolean">yes/no</option>
          </select>
          {propType === "boolean" ? (
            <BooleanInput label="Property value" value={prop.value === true} onChange={(value) => set({ ...node, property: { ...prop, value } })} {...common} />
          ) : propType === "number" ? (
            <NumberInput label="Property value" currency="" value={typeof prop.value === "number" ? prop.value : Number.NaN} onChange={(value) => set({ ...node, property: { ...prop, value } })} {...common} />
          ) : (
            <TextInput label="Property value" value={String(prop.value)} onChange={(value) => set({ ...node, property: { ...prop, value } })} {...common} />
          )}
          <button type="button" className="text-xs text-slate-600 underline" onClick={() => set({ ...node, property: undefined })}>
            Remove property filter
          </button>
        </span>
      ) : (
        <button type="button" className="text-xs text-brand-700 underline" onClick={() => set({ ...node, property: { key: "", value: "" } })}>
          + property filter
        </button>
      )}
      <AggregateEditor unit="times" integer value={node.match} onChange={(match) => set({ ...node, match })} {...common} />
      <WindowEditor value={node.window} onChange={(window) => set({ ...node, window })} {...common} />
    </>
  );
}

function SegmentPicker({ node, set, common }: { node: Extract<ConditionNode, { type: "segment" }>; set: (n: ConditionNode) => void; common: { invalid: boolean; describedBy?: string } }) {
  const { slug, segmentId } = useBuilder();
  const segments = useFieldValues(slug, "segment").data?.values.filter((s) => s.value !== segmentId) ?? [];
  return (
    <select
      aria-label="Segment"
      aria-invalid={common.invalid || undefined}
      aria-describedby={common.describedBy}
      className={inputClass}
      value={node.segmentId > 0 ? String(node.segmentId) : ""}
      onChange={(e) => set({ ...node, segmentId: Number(e.target.value) || 0 })}
    >
      <option value="">Choose a segment…</option>
      {segments.map((s) => (
        <option key={String(s.value)} value={String(s.value)}>
          {s.label}
        </option>
      ))}
      {node.segmentId > 0 && !segments.some((s) => s.value === node.segmentId) ? <option value={String(node.segmentId)}>Segment #{node.segmentId}</option> : null}
    </select>
  );
}

function ConditionBody({ node, set, invalid, describedBy, name }: { node: ConditionNode; set: (n: ConditionNode) => void; invalid: boolean; describedBy?: string; name: string }) {
  const { slug } = useBuilder();
  const common = { invalid, describedBy };
  const target = matchTarget(node);
  const attributeKeys = useFieldValues(slug, node.type === "customAttribute" ? "attributeKey" : undefined).data?.values;
  switch (node.type) {
    case "attribute":
    case "metric":
      return <MatchEditor label={name} kind={target.kind} unit={target.unit} valuesFrom={target.valuesFrom} value={node.match} onChange={(match) => set({ ...node, match })} {...common} />;
    case "customAttribute":
      return (
        <>
          <TextInput label="Attribute name" placeholder="e.g. loyalty_tier" suggestions={attributeKeys} value={node.key} onChange={(key) => set({ ...node, key })} {...common} />
          <select
            aria-label="Attribute type"
            className={inputClass}
            value={node.valueType}
            onChange={(e) => {
              const valueType = e.target.value as ValueKind;
              set({ ...node, valueType, match: changeOp(valueType, node.match, opsFor(valueType)[0]!) });
            }}
          >
            <option value="string">text</option>
            <option value="number">number</option>
            <option value="boolean">yes/no</option>
            <option value="date">date</option>
          </select>
          <MatchEditor label={name} kind={node.valueType} value={node.match} onChange={(match) => set({ ...node, match })} {...common} />
        </>
      );
    case "orders":
      return (
        <>
          <AggregateEditor unit={node.measure === "revenue" ? "currency" : "orders"} integer={node.measure === "count"} value={node.match} onChange={(match) => set({ ...node, match })} {...common} />
          <WindowEditor value={node.window} onChange={(window) => set({ ...node, window })} {...common} />
        </>
      );
    case "purchase":
      return <PurchaseEditor node={node} set={set} common={common} />;
    case "event":
      return <EventEditor node={node} set={set} common={common} />;
    case "segment":
      return <SegmentPicker node={node} set={set} common={common} />;
    case "campaign":
      return <span className="text-sm text-slate-600">Campaign rules are not available yet; remove this rule to save.</span>;
  }
}

function PurchaseEditor({ node, set, common }: { node: Extract<ConditionNode, { type: "purchase" }>; set: (n: ConditionNode) => void; common: { invalid: boolean; describedBy?: string } }) {
  const { slug } = useBuilder();
  const known = useFieldValues(slug, node.target.by === "category" ? "category" : "product").data?.values;
  const target = node.target;
  return (
    <>
      {target.by === "category" ? (
        <ListInput label="Categories" numeric={false} known={known} values={target.categories} onChange={(categories) => set({ ...node, target: { by: "category", categories } })} {...common} />
      ) : (
        <ListInput label="Products" numeric known={known} values={target.productIds} onChange={(productIds) => set({ ...node, target: { by: "product", productIds } })} {...common} />
      )}
      <AggregateEditor unit="times" integer value={node.match} onChange={(match) => set({ ...node, match })} {...common} />
      <WindowEditor value={node.window} onChange={(window) => set({ ...node, window })} {...common} />
    </>
  );
}

export function ConditionEditor({ node, index, siblingCount, path }: { node: ConditionNode; index: number; siblingCount: number; path: string }) {
  const { actions, issuesFor } = useBuilder();
  const issues = issuesFor(node.id);
  const errorsId = controlId(node.id, "errors");
  const key = fieldKeyOf(node);
  const set = (next: SegmentNode) => actions.update(node.id, () => next);
  return (
    <div role="group" aria-label={`Rule ${path}`} className={`rounded-md border bg-white p-2 ${issues.length ? "border-red-300" : "border-slate-200"}`}>
      <div className="flex flex-wrap items-center gap-2">
        <select
          id={controlId(node.id, "field")}
          aria-label={`Rule ${path}: field`}
          className={`${inputClass} font-medium`}
          value={key}
          onChange={(e) => set({ ...conditionFor(e.target.value, node.id), negate: node.negate })}
        >
          {key === "campaign" ? <option value="campaign">Campaign</option> : null}
          {FIELD_GROUPS.map((group) => (
            <optgroup key={group} label={group}>
              {FIELD_OPTIONS.filter((f) => f.group === group).map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <ConditionBody name={`Rule ${path}`} node={node} set={set} invalid={issues.length > 0} describedBy={issues.length ? errorsId : undefined} />
        <div className="ml-auto">
          <NodeToolbar node={node} index={index} siblingCount={siblingCount} name={`rule ${path}`} />
        </div>
      </div>
      {issues.length ? (
        <ul id={errorsId} className="mt-1 space-y-0.5 text-xs text-red-700">
          {issues.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
