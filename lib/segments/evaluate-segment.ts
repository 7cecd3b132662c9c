import type { ReferencedSegment } from "./compile-state.ts";
import { addDays, parseDateValue, startOfDayInZone } from "./date-values.ts";
import { addDecimal, compareDecimal, toDecimal, ZERO, type Decimal } from "./decimal.ts";
import type { AggregateMatch, ConditionNode, Match, SegmentDefinition, SegmentNode, TimeWindow } from "./definition.schema.ts";
import { BUILTIN_FIELDS, METRIC_FIELDS, type BuiltinField, type MetricField, type ValueKind } from "./fields.ts";
import { EXCLUDED_ORDER_STATUSES } from "../analytics/runs/counted-orders.ts";
import { SegmentDefinitionError } from "./segment-definition-error.ts";

/**
 * The rule tree evaluated in TypeScript over one customer's plain data, with
 * the same semantics as the SQL compiler (docs/segments.md). It is the
 * compiler's second implementation in the property tests, and lets the UI
 * evaluate a rule against data it already holds.
 */
export interface EvalCustomer {
  id: string;
  externalId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  city: string | null;
  timezone: string | null;
  acquisitionChannel: string | null;
  signedUpAt: Date | null;
  createdAt: Date;
  attributes: unknown;
  emailConsent: boolean;
  smsConsent: boolean;
  pushConsent: boolean;
}

/** Decimal columns may arrive as numbers or as their exact text. */
type DecimalValue = number | string;

export interface EvalMetrics {
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  orderCount: number;
  revenue: DecimalValue;
  averageOrderValue: DecimalValue | null;
  recencyDays: number | null;
  rScore: number | null;
  fScore: number | null;
  mScore: number | null;
  rfmSegment: string | null;
  pAlive: number | null;
  expectedPurchases90d: number | null;
  expectedPurchases365d: number | null;
  predictedClv12m: number | null;
  churnRiskBand: string | null;
  purchaseProbability7d: number | null;
  purchaseProbability14d: number | null;
  purchaseProbability30d: number | null;
  /** The day the next purchase is due, YYYY-MM-DD in the workspace zone. */
  nextPurchaseDueOn: string | null;
}

export interface EvalOrder {
  placedAt: Date;
  /** Orders with an excluded status (cancelled, refunded...) do not count; absent means counted. */
  status?: string;
  total: DecimalValue;
  items: readonly { productId: number | null }[];
}

export interface EvalEvent {
  type: string;
  occurredAt: Date;
  properties: unknown;
}

export interface CustomerRecord {
  customer: EvalCustomer;
  metrics: EvalMetrics | null;
  /** The customer's value cluster in the latest clusters run; absent or null when not clustered. */
  cluster?: number | null;
  /**
   * The customer's recommended categories of the last recommendations build,
   * rank 1 first (at least CATEGORY_OFFERS_KEPT of them, or all there are);
   * for a customer without category history, the popular ones. Absent: none.
   */
  recommendedCategories?: readonly string[];
  orders: readonly EvalOrder[];
  events: readonly EvalEvent[];
}

export interface EvaluationContext {
  timezone: string;
  now: Date;
  /** Product id to category, for "bought from category" rules. */
  productCategories: ReadonlyMap<number, string | null>;
  segments: ReadonlyMap<number, ReferencedSegment>;
  /** Frozen members of the static segments referenced, by segment id. */
  staticMembers: ReadonlyMap<number, ReadonlySet<string>>;
}

const DAY_MS = 86_400_000;
type Scalar = string | number | boolean | Date | null;

function builtinValue(c: EvalCustomer, field: BuiltinField): Scalar {
  // char(2) semantics: trailing blanks are padding.
  if (field === "country") return c.country === null ? null : c.country.replace(/ +$/, "");
  return c[field];
}

function metricValue(m: EvalMetrics | null, field: MetricField, ctx: EvaluationContext): Scalar {
  if (field === "orderCount") return m?.orderCount ?? 0;
  if (field === "revenue") return m?.revenue ?? 0;
  if (field === "nextPurchaseOverdueDays") {
    const due = m?.nextPurchaseDueOn;
    return due ? (dayNumber(localDay(ctx.now, ctx.timezone)) - dayNumber(due)) : null;
  }
  return m ? m[field] : null;
}

/** The calendar day of an instant in a zone, YYYY-MM-DD. */
function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
}

function customAttributeValue(attributes: unknown, key: string, valueType: ValueKind, ctx: EvaluationContext): Scalar {
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) return null;
  if (!Object.hasOwn(attributes, key)) return null;
  const value = (attributes as Record<string, unknown>)[key];
  switch (valueType) {
    case "string":
      return typeof value === "string" ? value : null;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? value : null;
    case "boolean":
      return typeof value === "boolean" ? value : null;
    case "date": {
      if (typeof value !== "string") return null;
      const parsed = parseDateValue(value);
      if (!parsed) return null;
      return new Date(parsed.kind === "day" ? startOfDayInZone(parsed, ctx.timezone) : parsed.ms);
    }
  }
}

function dec(value: Scalar): Decimal | null {
  return typeof value === "number" || typeof value === "string" ? toDecimal(value) : null;
}

function compareNumber(value: Scalar, threshold: number): -1 | 0 | 1 | null {
  const a = dec(value);
  const b = toDecimal(threshold);
  return a && b ? compareDecimal(a, b) : null;
}

function dayStartMs(day: string, ctx: EvaluationContext, plusOneDay: boolean): number {
  const parsed = parseDateValue(day);
  if (parsed?.kind !== "day") throw new Error(`not a calendar day: ${day}`);
  return startOfDayInZone(plusOneDay ? addDays(parsed, 1) : parsed, ctx.timezone);
}

function atLeast(t: number, value: string, ctx: EvaluationContext): boolean {
  const parsed = parseDateValue(value);
  return parsed?.kind === "day" ? t >= dayStartMs(value, ctx, false) : t >= (parsed?.ms ?? Number.NaN);
}

function atMost(t: number, value: string, ctx: EvaluationContext): boolean {
  const parsed = parseDateValue(value);
  return parsed?.kind === "day" ? t < dayStartMs(value, ctx, true) : t <= (parsed?.ms ?? Number.NaN);
}

function inWindow(t: number, window: TimeWindow, ctx: EvaluationContext): boolean {
  switch (window.kind) {
    case "ever":
      return true;
    case "lastDays":
      return t > ctx.now.getTime() - window.days * DAY_MS && t <= ctx.now.getTime();
    case "between":
      return atLeast(t, window.from, ctx) && atMost(t, window.to, ctx);
  }
}

// In-lists hold up to 10,000 values; build each lookup set once per rule, not once per customer.
const valueSets = new WeakMap<readonly (string | number)[], ReadonlySet<string | number>>();
function valueSet(values: readonly (string | number)[]): ReadonlySet<string | number> {
  let set = valueSets.get(values);
  if (!set) {
    set = new Set(values);
    valueSets.set(values, set);
  }
  return set;
}

function matchValue(value: Scalar, kind: ValueKind, match: Match, ctx: EvaluationContext): boolean {
  if (match.op === "isSet") return value !== null;
  if (match.op === "isNotSet") return value === null;
  if (match.op === "notEquals") return !matchValue(value, kind, { op: "equals", value: match.value }, ctx);
  if (match.op === "notIn") return !matchValue(value, kind, { op: "in", values: match.values }, ctx);
  if (match.op === "notContains") return !matchValue(value, kind, { op: "contains", value: match.value }, ctx);
  if (value === null) return false;
  const now = ctx.now.getTime();
  switch (match.op) {
    case "equals":
      if (kind === "number") return typeof match.value === "number" && compareNumber(value, match.value) === 0;
      return value === match.value;
    case "in":
      if (kind === "number") return match.values.some((v) => typeof v === "number" && compareNumber(value, v) === 0);
      return typeof value === "string" && valueSet(match.values).has(value);
    case "contains":
      return typeof value === "string" && value.includes(match.value);
    case "startsWith":
      return typeof value === "string" && value.startsWith(match.value);
    case "gt":
      return compareNumber(value, match.value) === 1;
    case "gte":
      return (compareNumber(value, match.value) ?? -1) >= 0;
    case "lt":
      return compareNumber(value, match.value) === -1;
    case "lte":
      return (compareNumber(value, match.value) ?? 1) <= 0;
    case "between":
      return (compareNumber(value, match.min) ?? -1) >= 0 && (compareNumber(value, match.max) ?? 1) <= 0;
  }
  if (!(value instanceof Date)) return false;
  const t = value.getTime();
  switch (match.op) {
    case "before": {
      const parsed = parseDateValue(match.value);
      return parsed?.kind === "day" ? t < dayStartMs(match.value, ctx, false) : t < (parsed?.ms ?? Number.NaN);
    }
    case "after": {
      const parsed = parseDateValue(match.value);
      return parsed?.kind === "day" ? t >= dayStartMs(match.value, ctx, true) : t > (parsed?.ms ?? Number.NaN);
    }
    case "on":
      return atLeast(t, match.value, ctx) && atMost(t, match.value, ctx);
    case "betweenDates":
      return atLeast(t, match.from, ctx) && atMost(t, match.to, ctx);
    case "withinLastDays":
      return t > now - match.days * DAY_MS && t <= now;
    case "moreThanDaysAgo":
      return t <= now - match.days * DAY_MS;
  }
}

function matchAggregate(value: Decimal, match: AggregateMatch): boolean {
  const cmp = (threshold: number) => compareDecimal(value, toDecimal(threshold) ?? ZERO);
  switch (match.op) {
    case "equals":
      return cmp(match.value) === 0;
    case "notEquals":
      return cmp(match.value) !== 0;
    case "gt":
      return cmp(match.value) > 0;
    case "gte":
      return cmp(match.value) >= 0;
    case "lt":
      return cmp(match.value) < 0;
    case "lte":
      return cmp(match.value) <= 0;
    case "between":
      return cmp(match.min) >= 0 && cmp(match.max) <= 0;
  }
}

const counted = (order: EvalOrder) => order.status === undefined || !EXCLUDED_ORDER_STATUSES.includes(order.status);

function count(n: number): Decimal {
  return { mantissa: BigInt(n), exponent: 0 };
}

/** JSONB equality for the scalar values a property filter can hold. */
function sameJsonScalar(actual: unknown, expected: string | number | boolean): boolean {
  if (typeof expected === "number") return typeof actual === "number" && compareNumber(actual, expected) === 0;
  return actual === expected;
}

class Evaluator {
  private readonly referenceStack: number[] = [];

  constructor(private readonly ctx: EvaluationContext) {}

  node(node: SegmentNode, record: CustomerRecord, outerNodeId: string | null, visit?: (id: string, result: boolean | null) => void): boolean | null {
    let result: boolean | null;
    if (node.type === "group") {
      const results = node.children.map((child) => this.node(child, record, outerNodeId, visit)).filter((r): r is boolean => r !== null);
      result = results.length === 0 ? null : node.combinator === "and" ? results.every(Boolean) : results.some(Boolean);
    } else {
      result = this.condition(node, record, outerNodeId);
    }
    if (result !== null && node.negate) result = !result;
    visit?.(node.id, result);
    return result;
  }

  private condition(node: ConditionNode, record: CustomerRecord, outerNodeId: string | null): boolean {
    const { ctx } = this;
    switch (node.type) {
      case "attribute":
        return matchValue(builtinValue(record.customer, node.field), BUILTIN_FIELDS[node.field], node.match, ctx);
      case "customAttribute":
        return matchValue(customAttributeValue(record.customer.attributes, node.key, node.valueType, ctx), node.valueType, node.match, ctx);
      case "metric":
        return matchValue(metricValue(record.metrics, node.metric, ctx), METRIC_FIELDS[node.metric], node.match, ctx);
      case "orders": {
        const orders = record.orders.filter((o) => counted(o) && inWindow(o.placedAt.getTime(), node.window, ctx));
        if (node.measure === "count") return matchAggregate(count(orders.length), node.match);
        const total = orders.reduce((sum, o) => addDecimal(sum, toDecimal(o.total) ?? ZERO), ZERO);
        return matchAggregate(total, node.match);
      }
      case "purchase": {
        const target = node.target;
        const hit =
          target.by === "product"
            ? (productId: number) => target.productIds.includes(productId)
            : (productId: number) => {
                const category = ctx.productCategories.get(productId);
                return category !== undefined && category !== null && target.categories.includes(category);
              };
        const n = record.orders.filter(
          (o) => counted(o) && inWindow(o.placedAt.getTime(), node.window, ctx) && o.items.some((i) => i.productId !== null && hit(i.productId)),
        ).length;
        return matchAggregate(count(n), node.match);
      }
      case "event": {
        const property = node.property;
        const n = record.events.filter((e) => {
          if (e.type !== node.eventType || !inWindow(e.occurredAt.getTime(), node.window, ctx)) return false;
          if (!property) return true;
          const props = e.properties;
          if (typeof props !== "object" || props === null || Array.isArray(props) || !Object.hasOwn(props, property.key)) return false;
          return sameJsonScalar((props as Record<string, unknown>)[property.key], property.value);
        }).length;
        return matchAggregate(count(n), node.match);
      }
      case "campaign":
        throw SegmentDefinitionError.at(outerNodeId ?? node.id, "Campaign conditions are not available yet");
      case "segment":
        return this.segment(node.segmentId, record, outerNodeId ?? node.id);
      case "cluster":
        return record.cluster !== undefined && record.cluster !== null && node.clusters.includes(record.cluster);
      case "recommendedCategory": {
        const offered = (record.recommendedCategories ?? []).slice(0, node.withinTop ?? 1).includes(node.category);
        return node.op === "is" ? offered : !offered;
      }
    }
  }

  private segment(segmentId: number, record: CustomerRecord, outerNodeId: string): boolean {
    const target = this.ctx.segments.get(segmentId);
    if (!target) throw SegmentDefinitionError.at(outerNodeId, `Segment ${segmentId} does not exist in this workspace`);
    if (target.archived) throw SegmentDefinitionError.at(outerNodeId, `Segment "${target.name}" is archived`);
    if (target.kind === "STATIC") return this.ctx.staticMembers.get(segmentId)?.has(record.customer.id) ?? false;
    if (this.referenceStack.includes(segmentId)) {
      throw SegmentDefinitionError.at(outerNodeId, `Segment references form a cycle through "${target.name}"`);
    }
    this.referenceStack.push(segmentId);
    try {
      return this.node(target.definition.root, record, outerNodeId) ?? true;
    } finally {
      this.referenceStack.pop();
    }
  }
}

/** Whether one customer is in the segment (an empty definition matches everyone). */
export function evaluateSegment(definition: SegmentDefinition, record: CustomerRecord, ctx: EvaluationContext): boolean {
  return new Evaluator(ctx).node(definition.root, record, null) ?? true;
}

/** Each node's result for one customer: true / false, or null for an empty group (no effect). */
export function evaluateSegmentNodes(definition: SegmentDefinition, record: CustomerRecord, ctx: EvaluationContext): Map<string, boolean | null> {
  const results = new Map<string, boolean | null>();
  new Evaluator(ctx).node(definition.root, record, null, (id, r) => results.set(id, r));
  return results;
}
