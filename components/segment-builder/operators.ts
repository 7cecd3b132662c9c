import type { AggregateMatch, Match } from "@/lib/segments/definition.schema";
import { AGGREGATE_OPS, OPS_BY_KIND, type MatchOp, type ValueKind } from "@/lib/segments/fields";

export function opsFor(kind: ValueKind): readonly MatchOp[] {
  return OPS_BY_KIND[kind];
}

export const AGGREGATE_OP_LIST: readonly AggregateMatch["op"][] = AGGREGATE_OPS;

type Scalar = string | number | boolean;

function firstScalar(prev: Match): Scalar | undefined {
  if ("value" in prev) return prev.value;
  if ("values" in prev) return prev.values[0];
  if ("min" in prev) return prev.min;
  if ("from" in prev) return prev.from;
  if ("days" in prev) return prev.days;
  return undefined;
}

function asNumber(v: Scalar | undefined, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

function asText(v: Scalar | undefined): string {
  return typeof v === "string" ? v : "";
}

function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function asDay(v: Scalar | undefined): string {
  return typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : todayIso();
}

/**
 * The match for a newly chosen operator, keeping whatever the user already
 * typed that still makes sense (a value becomes the first list entry, a
 * number becomes the lower bound of a range).
 */
export function changeOp(kind: ValueKind, prev: Match, op: MatchOp): Match {
  const v = firstScalar(prev);
  const list = "values" in prev ? prev.values : v !== undefined && v !== "" && typeof v !== "boolean" ? [v] : [];
  switch (op) {
    case "equals":
    case "notEquals":
      if (kind === "boolean") return { op, value: typeof v === "boolean" ? v : true };
      if (kind === "number") return { op, value: asNumber(v, 0) };
      return { op, value: asText(v) };
    case "in":
    case "notIn":
      return { op, values: kind === "number" ? list.filter((x) => typeof x === "number") : list.filter((x) => typeof x === "string") };
    case "contains":
    case "notContains":
    case "startsWith":
      return { op, value: asText(v) };
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return { op, value: asNumber(v, 0) };
    case "between": {
      const min = asNumber(v, 0);
      return { op, min, max: "max" in prev ? prev.max : min };
    }
    case "before":
    case "after":
    case "on":
      return { op, value: asDay(v) };
    case "betweenDates":
      return { op, from: asDay(v), to: "to" in prev ? prev.to : asDay(v) };
    case "withinLastDays":
    case "moreThanDaysAgo":
      return { op, days: "days" in prev ? prev.days : 30 };
    case "isSet":
    case "isNotSet":
      return { op };
  }
}

export function changeAggregateOp(prev: AggregateMatch, op: AggregateMatch["op"]): AggregateMatch {
  const v = prev.op === "between" ? prev.min : prev.value;
  if (op === "between") return { op, min: v, max: prev.op === "between" ? prev.max : v };
  return { op, value: v };
}
