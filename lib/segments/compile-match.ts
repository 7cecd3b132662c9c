import type { CompileState } from "./compile-state.ts";
import { parseDateValue } from "./date-values.ts";
import type { AggregateMatch, Match, TimeWindow } from "./definition.schema.ts";
import type { ValueKind } from "./fields.ts";
import type { SqlParamType } from "./sql-params.ts";

/**
 * Every expression returned here is TRUE or FALSE, never NULL: a comparison
 * against a missing value is false, and a negative operator is the exact
 * negation of its positive twin (docs/segments.md).
 */
const alwaysBoolean = (expr: string) => `COALESCE(${expr}, false)`;

export type NumberCast = "numeric" | "float8";

/** Numbers go to numeric as their shortest decimal text, so 0.1 means exactly 0.1. */
function bindNumber(state: CompileState, value: number, cast: NumberCast): string {
  return cast === "numeric" ? state.params.add(String(value), "numeric") : state.params.add(value, "float8");
}

/** Start of a calendar day (or of the day after) in the workspace zone. */
function dayStart(state: CompileState, day: string, plusOneDay: boolean): string {
  const d = state.params.add(day, "date");
  return `((${d}${plusOneDay ? " + 1" : ""})::timestamp AT TIME ZONE ${state.timezone()})`;
}

function daysAgo(state: CompileState, days: number): string {
  return `(${state.now()} - ${state.params.add(days, "int4")} * interval '24 hours')`;
}

/** One end of a time window: an instant, and whether the window includes it. */
export interface WindowBound {
  at: string;
  inclusive: boolean;
}

/** Where a date value starts: the day's start in the workspace zone, or the instant itself (both included). */
function startOf(state: CompileState, value: string): WindowBound {
  if (parseDateValue(value)?.kind === "day") return { at: dayStart(state, value, false), inclusive: true };
  return { at: state.params.add(value, "timestamptz"), inclusive: true };
}

/** Where a date value ends: when the next day starts (excluded), or the instant itself (included). */
function endOf(state: CompileState, value: string): WindowBound {
  if (parseDateValue(value)?.kind === "day") return { at: dayStart(state, value, true), inclusive: false };
  return { at: state.params.add(value, "timestamptz"), inclusive: true };
}

const lowerBound = (col: string, b: WindowBound) => `${col} ${b.inclusive ? ">=" : ">"} ${b.at}`;
const upperBound = (col: string, b: WindowBound) => `${col} ${b.inclusive ? "<=" : "<"} ${b.at}`;

/**
 * The one definition of a behaviour window's ends (null for all time), read
 * by the row filter below and by the timeline binary searches.
 * `lastDays N`: now - N days < t <= now; `between`: docs/segments.md "Time".
 */
export function windowBounds(state: CompileState, window: TimeWindow): { from: WindowBound; to: WindowBound } | null {
  switch (window.kind) {
    case "ever":
      return null;
    case "lastDays":
      return { from: { at: daysAgo(state, window.days), inclusive: false }, to: { at: state.now(), inclusive: true } };
    case "between":
      return { from: startOf(state, window.from), to: endOf(state, window.to) };
  }
}

/** SQL restricting a timestamp column to a behaviour window ("" for all time). */
export function compileWindow(state: CompileState, col: string, window: TimeWindow): string {
  const bounds = windowBounds(state, window);
  return bounds ? ` AND ${lowerBound(col, bounds.from)} AND ${upperBound(col, bounds.to)}` : "";
}

function scalarType(kind: ValueKind, cast: NumberCast): SqlParamType {
  if (kind === "number") return cast;
  return kind === "boolean" ? "bool" : "text";
}

function bindScalar(state: CompileState, kind: ValueKind, cast: NumberCast, value: string | number | boolean): string {
  if (kind === "number" && typeof value === "number") return bindNumber(state, value, cast);
  return state.params.add(value, scalarType(kind, cast));
}

/**
 * A field test: `col` is an allow-listed column expression of the given kind.
 * With `nullIsFalse` (the test sits in a WHERE clause under AND/OR only, no
 * NOT above it, where NULL and false both drop the row) positive tests are
 * left bare instead of COALESCE(..., false): a bare comparison on a metrics
 * column is strict, so Postgres can turn the metrics LEFT JOIN into an inner
 * join and filter the metrics rows before hashing them.
 */
export function compileMatch(state: CompileState, col: string, kind: ValueKind, match: Match, cast: NumberCast = "numeric", nullIsFalse = false): string {
  const orFalse = (expr: string) => (nullIsFalse ? `(${expr})` : alwaysBoolean(expr));
  switch (match.op) {
    case "isSet":
      return `(${col} IS NOT NULL)`;
    case "isNotSet":
      return `(${col} IS NULL)`;
    case "equals":
      return orFalse(`${col} = ${bindScalar(state, kind, cast, match.value)}`);
    case "notEquals":
      return `NOT ${alwaysBoolean(`${col} = ${bindScalar(state, kind, cast, match.value)}`)}`;
    case "in":
    case "notIn": {
      const values = kind === "number" && cast === "numeric" ? match.values.map(String) : match.values;
      const arrayType: SqlParamType = kind === "number" ? (cast === "numeric" ? "numeric[]" : "float8[]") : "text[]";
      const test = `${col} = ANY(${state.params.add(values, arrayType)})`;
      return match.op === "in" ? orFalse(test) : `NOT ${alwaysBoolean(test)}`;
    }
    case "contains":
      return orFalse(`strpos(${col}, ${state.params.add(match.value, "text")}) > 0`);
    case "notContains":
      return `NOT ${alwaysBoolean(`strpos(${col}, ${state.params.add(match.value, "text")}) > 0`)}`;
    case "startsWith":
      return orFalse(`starts_with(${col}, ${state.params.add(match.value, "text")})`);
    case "gt":
      return orFalse(`${col} > ${bindNumber(state, match.value, cast)}`);
    case "gte":
      return orFalse(`${col} >= ${bindNumber(state, match.value, cast)}`);
    case "lt":
      return orFalse(`${col} < ${bindNumber(state, match.value, cast)}`);
    case "lte":
      return orFalse(`${col} <= ${bindNumber(state, match.value, cast)}`);
    case "between":
      return orFalse(`${col} BETWEEN ${bindNumber(state, match.min, cast)} AND ${bindNumber(state, match.max, cast)}`);
    case "before": {
      const parsed = parseDateValue(match.value);
      const bound = parsed?.kind === "day" ? dayStart(state, match.value, false) : state.params.add(match.value, "timestamptz");
      return orFalse(`${col} < ${bound}`);
    }
    case "after": {
      const parsed = parseDateValue(match.value);
      if (parsed?.kind === "day") return orFalse(`${col} >= ${dayStart(state, match.value, true)}`);
      return orFalse(`${col} > ${state.params.add(match.value, "timestamptz")}`);
    }
    case "on":
      return orFalse(`(${lowerBound(col, startOf(state, match.value))} AND ${upperBound(col, endOf(state, match.value))})`);
    case "betweenDates":
      return orFalse(`(${lowerBound(col, startOf(state, match.from))} AND ${upperBound(col, endOf(state, match.to))})`);
    case "withinLastDays":
      return orFalse(`(${col} > ${daysAgo(state, match.days)} AND ${col} <= ${state.now()})`);
    case "moreThanDaysAgo":
      return orFalse(`${col} <= ${daysAgo(state, match.days)}`);
  }
}

/**
 * A comparison on a never-NULL aggregate: a count (whole numbers, validated,
 * compared as integers: a numeric cast per row cost a quarter of a
 * timeline scan) or an amount (compared as exact numeric).
 */
export function compileAggregateMatch(state: CompileState, expr: string, match: AggregateMatch, measure: "count" | "amount"): string {
  const n = (v: number) => (measure === "count" ? state.params.add(v, "int4") : bindNumber(state, v, "numeric"));
  switch (match.op) {
    case "equals":
      return `(${expr} = ${n(match.value)})`;
    case "notEquals":
      return `(${expr} <> ${n(match.value)})`;
    case "gt":
      return `(${expr} > ${n(match.value)})`;
    case "gte":
      return `(${expr} >= ${n(match.value)})`;
    case "lt":
      return `(${expr} < ${n(match.value)})`;
    case "lte":
      return `(${expr} <= ${n(match.value)})`;
    case "between":
      return `(${expr} BETWEEN ${n(match.min)} AND ${n(match.max)})`;
  }
}

/**
 * "At least once" and "never" as plain existence tests: Postgres can plan an
 * EXISTS as a semi- or anti-join (or a hashed subplan) over the whole table
 * instead of one probe per customer. Null when the comparison needs a count.
 */
export function existenceTest(match: AggregateMatch): "exists" | "notExists" | null {
  if ((match.op === "gte" && match.value === 1) || (match.op === "gt" && match.value === 0)) return "exists";
  if ((match.op === "lte" || match.op === "equals") && match.value === 0) return "notExists";
  if (match.op === "lt" && match.value === 1) return "notExists";
  return null;
}

/** Whether a customer with no matching rows (count 0, sum 0) satisfies the comparison. */
export function aggregateMatchesZero(match: AggregateMatch): boolean {
  switch (match.op) {
    case "equals":
      return match.value === 0;
    case "notEquals":
      return match.value !== 0;
    case "gt":
      return 0 > match.value;
    case "gte":
      return 0 >= match.value;
    case "lt":
      return 0 < match.value;
    case "lte":
      return 0 <= match.value;
    case "between":
      return match.min <= 0 && 0 <= match.max;
  }
}

/**
 * Whether the number 0 passes a match (so a missing value read as 0 must stay
 * 0, not NULL). True when unsure: that keeps the COALESCE, always correct.
 */
export function numberMatchAcceptsZero(match: Match): boolean {
  switch (match.op) {
    case "equals":
      return match.value === 0;
    case "in":
      return match.values.some((v) => v === 0);
    case "gt":
      return typeof match.value === "number" ? 0 > match.value : true;
    case "gte":
      return typeof match.value === "number" ? 0 >= match.value : true;
    case "lt":
      return typeof match.value === "number" ? 0 < match.value : true;
    case "lte":
      return typeof match.value === "number" ? 0 <= match.value : true;
    case "between":
      return match.min <= 0 && 0 <= match.max;
    default:
      return true;
  }
}
