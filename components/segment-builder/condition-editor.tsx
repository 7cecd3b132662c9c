"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { AggregateMatch, ConditionNode, Match, SegmentNode, TimeWindow } from "@/lib/segments/definition.schema";
import type { ValueKind } from "@/lib/segments/fields";
import { FIELD_GROUPS, FIELD_OPTIONS, fieldKeyOf, matchTarget, type Unit, type ValueSource } from "@/lib/segments/field-catalog";
import { AGGREGATE_OP_LABELS, OP_LABELS } from "@/lib/segments/operator-labels";
import { controlId, useBuilder } from "./builder-context";
import { conditionFor } from "./new-condition";
import { AGGREGATE_OP_LIST, changeAggregateOp, changeOp, opsFor } from "./operators";
import { NodeToolbar } from "./node-toolbar";
import { useFieldValues } from "./use-field-values";
import { CATEGORY_OFFERS_KEPT } from "@/lib/recommendations/category-offer-limit";
import { BooleanInput, DateInput, ListInput, NumberInput, TextInput, inputClass } from "./value-inputs";

/** Marks the inputs an issue points at: `part` is the path inside the rule ("match.value", "window.days"). */
export type Check = (part: string) => { invalid: boolean; describedBy?: string };

function ariaOf(c: { invalid: boolean; describedBy?: string }) {
  return { "aria-invalid": c.invalid || undefined, "aria-describedby": c.describedBy };
}

interface EditorProps<T> {
  value: T;
  onChange(next: T): void;
  check: Check;
}

function MatchEditor({
  value: match,
  onChange,
  kind,
  unit,
  valuesFrom,
  check,
  label,
}: EditorProps<Match> & { kind: ValueKind; unit?: Unit; valuesFrom?: ValueSource; label: string }) {
  const { slug, currency } = useBuilder();
  const known = useFieldValues(slug, valuesFrom).data?.values;
  const common = check("match.value");
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
      input = <ListInput label="Values" numeric={kind === "number"} known={known} values={match.values} onChange={(values) => onChange({ ...match, values })} {...check("match.values")} />;
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
          <NumberInput label="From" currency={currency} unit={unit} value={match.min} onChange={(v) => onChange({ ...match, min: v })} {...check("match.min")} />
          <span className="text-sm text-slate-500">and</span>
          <NumberInput label="To" currency={currency} unit={unit} value={match.max} onChange={(v) => onChange({ ...match, max: v })} {...check("match.max")} />
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
          <DateInput label="From date" value={match.from} onChange={(v) => onChange({ ...match, from: v })} {...check("match.from")} />
          <span className="text-sm text-slate-500">and</span>
          <DateInput label="To date" value={match.to} onChange={(v) => onChange({ ...match, to: v })} {...check("match.to")} />
        </>
      );
      break;
    case "withinLastDays":
    case "moreThanDaysAgo":
      input = (
        <>
          <NumberInput label="Days" integer currency={currency} unit="days" value={match.days} onChange={(v) => onChange({ ...match, days: v })} {...check("match.days")} />
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
      <select aria-label={`${label}: operator`} {...ariaOf(check("match.op"))} className={inputClass} value={match.op} onChange={(e) => onChange(changeOp(kind, match, e.target.value as Match["op"]))}>
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

function AggregateEditor({ value: match, onChange, unit, integer, check }: EditorProps<AggregateMatch> & { unit: Unit; integer: boolean }) {
  const { currency } = useBuilder();
  const common = { currency, unit, integer };
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
          <NumberInput label="At least" value={match.min} onChange={(v) => onChange({ ...match, min: v })} {...common} {...check("match.min")} />
          <span className="text-sm text-slate-500">and</span>
          <NumberInput label="At most" value={match.max} onChange={(v) => onChange({ ...match, max: v })} {...common} {...check("match.max")} />
        </>
      ) : (
        <NumberInput label="Amount" value={match.value} onChange={(v) => onChange({ ...match, value: v })} {...common} {...check("match.value")} />
      )}
    </>
  );
}

function WindowEditor({ value: window, onChange, check }: EditorProps<TimeWindow>) {
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
        <NumberInput label="Window length" integer currency={currency} unit="days" value={window.days} onChange={(days) => onChange({ ...window, days })} {...check("window.days")} />
      ) : null}
      {window.kind === "between" ? (
        <>
          <DateInput label="Window start" value={window.from} onChange={(from) => onChange({ ...window, from })} {...check("window.from")} />
          <span className="text-sm text-slate-500">and</span>
          <DateInput label="Window end" value={window.to} onChange={(to) => onChange({ ...window, to })} {...check("window.to")} />
        </>
      ) : null}
    </>
  );
}

type PropertyValueType = "string" | "number" | "boolean";

function EventEditor({ node, set, check }: { node: Extract<ConditionNode, { type: "event" }>; set: (n: ConditionNode) => void; check: Check }) {
  const { slug } = useBuilder();
  const eventTypes = useFieldValues(slug, "eventType").data?.values;
  const prop = node.property;
  const propType: PropertyValueType = typeof prop?.value === "number" ? "number" : typeof prop?.value === "boolean" ? "boolean" : "string";
  return (
    <>
      <TextInput label="Event name" placeholder="e.g. email_click" suggestions={eventTypes} value={node.eventType} onChange={(eventType) => set({ ...node, eventType })} {...check("eventType")} />
      {prop ? (
        <span className="inline-flex flex-wrap items-center gap-1">
          <span className="text-sm text-slate-500">with</span>
          <TextInput label="Property name" value={prop.key} onChange={(key) => set({ ...node, property: { ...prop, key } })} {...check("property.key")} />
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
            <BooleanInput label="Property value" value={prop.value === true} onChange={(value) => set({ ...node, property: { ...prop, value } })} {...check("property.value")} />
          ) : propType === "number" ? (
            <NumberInput label="Property value" currency="" value={typeof prop.value === "number" ? prop.value : Number.NaN} onChange={(value) => set({ ...node, property: { ...prop, value } })} {...check("property.value")} />
          ) : (
            <TextInput label="Property value" value={String(prop.value)} onChange={(value) => set({ ...node, property: { ...prop, value } })} {...check("property.value")} />
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
      <AggregateEditor unit="times" integer value={node.match} onChange={(match) => set({ ...node, match })} check={check} />
      <WindowEditor value={node.window} onChange={(window) => set({ ...node, window })} check={check} />
    </>
  );
}

function SegmentPicker({ node, set, check }: { node: Extract<ConditionNode, { type: "segment" }>; set: (n: ConditionNode) => void; check: Check }) {
  const { slug, segmentId } = useBuilder();
  const segments = useFieldValues(slug, "segment").data?.values.filter((s) => s.value !== segmentId) ?? [];
  return (
    <select
      aria-label="Segment"
      {...ariaOf(check("segmentId"))}
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

function ClusterPicker({ node, set, check }: { node: Extract<ConditionNode, { type: "cluster" }>; set: (n: ConditionNode) => void; check: Check }) {
  const { slug } = useBuilder();
  const known = useFieldValues(slug, "valueCluster").data?.values;
  return <ListInput label="Value clusters" numeric known={known} values={node.clusters} onChange={(clusters) => set({ ...node, clusters })} {...check("clusters")} />;
}

function RecommendedCategoryEditor({ node, set, check }: { node: Extract<ConditionNode, { type: "recommendedCategory" }>; set: (n: ConditionNode) => void; check: Check }) {
  const { slug } = useBuilder();
  const known = useFieldValues(slug, "category").data;
  const categories = known?.values ?? [];
  const top = node.withinTop ?? 1;
  return (
    <>
      <select aria-label="Recommended category: operator" {...ariaOf(check("op"))} className={inputClass} value={node.op} onChange={(e) => set({ ...node, op: e.target.value as typeof node.op })}>
        <option value="is">is</option>
        <option value="isNot">is not</option>
      </select>
      <select aria-label="Category" {...ariaOf(check("category"))} className={inputClass} value={node.category} onChange={(e) => set({ ...node, category: e.target.value })}>
        <option value="">Choose a category…</option>
        {categories.map((c) => (
          <option key={String(c.value)} value={String(c.value)}>
            {c.label}
          </option>
        ))}
        {node.category !== "" && !categories.some((c) => c.value === node.category) ? <option value={node.category}>{node.category}</option> : null}
      </select>
      <select aria-label="Within the top" {...ariaOf(check("withinTop"))} className={inputClass} value={String(top)} onChange={(e) => set({ ...node, withinTop: Number(e.target.value) })}>
        {Array.from({ length: CATEGORY_OFFERS_KEPT }, (_, i) => i + 1).map((n) => (
          <option key={n} value={String(n)}>
            {n === 1 ? "as the top recommendation" : `within the top ${n}`}
          </option>
        ))}
      </select>
      {known && categories.length === 0 && node.category === "" ? (
        <span className="text-sm text-slate-600">
          No product categories yet.{" "}
          <Link href={`/w/${slug}/import`} className="text-brand-700 underline">
            Import products
          </Link>{" "}
          to recommend categories (admins and marketers can import).
        </span>
      ) : null}
    </>
  );
}

function ConditionBody({ node, set, check, name }: { node: ConditionNode; set: (n: ConditionNode) => void; check: Check; name: string }) {
  const { slug } = useBuilder();
  const target = matchTarget(node);
  const attributeKeys = useFieldValues(slug, node.type === "customAttribute" ? "attributeKey" : undefined).data?.values;
  switch (node.type) {
    case "attribute":
    case "metric":
      return <MatchEditor label={name} kind={target.kind} unit={target.unit} valuesFrom={target.valuesFrom} value={node.match} onChange={(match) => set({ ...node, match })} check={check} />;
    case "customAttribute":
      return (
        <>
          <TextInput label="Attribute name" placeholder="e.g. loyalty_tier" suggestions={attributeKeys} value={node.key} onChange={(key) => set({ ...node, key })} {...check("key")} />
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
          <MatchEditor label={name} kind={node.valueType} value={node.match} onChange={(match) => set({ ...node, match })} check={check} />
        </>
      );
    case "orders":
      return (
        <>
          <AggregateEditor unit={node.measure === "revenue" ? "currency" : "orders"} integer={node.measure === "count"} value={node.match} onChange={(match) => set({ ...node, match })} check={check} />
          <WindowEditor value={node.window} onChange={(window) => set({ ...node, window })} check={check} />
        </>
      );
    case "purchase":
      return <PurchaseEditor node={node} set={set} check={check} />;
    case "event":
      return <EventEditor node={node} set={set} check={check} />;
    case "segment":
      return <SegmentPicker node={node} set={set} check={check} />;
    case "cluster":
      return <ClusterPicker node={node} set={set} check={check} />;
    case "recommendedCategory":
      return <RecommendedCategoryEditor node={node} set={set} check={check} />;
    case "campaign":
      return <span className="text-sm text-slate-600">Campaign rules are not available yet; remove this rule to save.</span>;
  }
}

function PurchaseEditor({ node, set, check }: { node: Extract<ConditionNode, { type: "purchase" }>; set: (n: ConditionNode) => void; check: Check }) {
  const { slug } = useBuilder();
  const known = useFieldValues(slug, node.target.by === "category" ? "category" : "product").data?.values;
  const target = node.target;
  return (
    <>
      {target.by === "category" ? (
        <ListInput label="Categories" numeric={false} known={known} values={target.categories} onChange={(categories) => set({ ...node, target: { by: "category", categories } })} {...check("target")} />
      ) : (
        <ListInput label="Products" numeric known={known} values={target.productIds} onChange={(productIds) => set({ ...node, target: { by: "product", productIds } })} {...check("target")} />
      )}
      <AggregateEditor unit="times" integer value={node.match} onChange={(match) => set({ ...node, match })} check={check} />
      <WindowEditor value={node.window} onChange={(window) => set({ ...node, window })} check={check} />
    </>
  );
}

export function ConditionEditor({ node, index, siblingCount, path }: { node: ConditionNode; index: number; siblingCount: number; path: string }) {
  const { actions, issuesFor } = useBuilder();
  const issues = issuesFor(node.id);
  const errorsId = controlId(node.id, "errors");
  const key = fieldKeyOf(node);
  const set = (next: SegmentNode) => actions.update(node.id, () => next);
  // An issue about a part ("match") marks every input under it; one about the whole rule marks only the rule's border.
  const check: Check = (part) => {
    const hit = issues.some((i) => i.part !== "" && (i.part === part || i.part.startsWith(`${part}.`) || part.startsWith(`${i.part}.`)));
    return hit ? { invalid: true, describedBy: errorsId } : { invalid: false };
  };
  const messages = [...new Set(issues.map((i) => i.message))];
  return (
    <div role="group" aria-label={`Rule ${path}`} className={`rounded-md border bg-white p-2 ${messages.length ? "border-red-300" : "border-slate-200"}`}>
      <div className="flex flex-wrap items-center gap-2">
        <select
          id={controlId(node.id, "field")}
          aria-label={`Rule ${path}: field`}
          className={`${inputClass} font-medium`}
          value={key}
          // A new field starts over; its empty values are not flagged until the marketer edits them.
          onChange={(e) => actions.update(node.id, () => ({ ...conditionFor(e.target.value, node.id), negate: node.negate }), { touch: false })}
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
        <ConditionBody name={`Rule ${path}`} node={node} set={set} check={check} />
        <div className="ml-auto">
          <NodeToolbar node={node} index={index} siblingCount={siblingCount} name={`rule ${path}`} />
        </div>
      </div>
      {messages.length ? (
        <ul id={errorsId} className="mt-1 space-y-0.5 text-xs text-red-700">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
