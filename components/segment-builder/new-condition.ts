import type { AggregateMatch, ConditionNode, Match, TimeWindow } from "@/lib/segments/definition.schema";
import { fieldOption, type ValueSource } from "@/lib/segments/field-catalog";
import { BUILTIN_FIELDS, METRIC_FIELDS, type BuiltinField, type MetricField, type ValueKind } from "@/lib/segments/fields";

/** Starting thresholds a marketer would plausibly keep, so a new rule counts at once. */
const NUMBER_DEFAULTS: Partial<Record<MetricField, Match>> = {
  rScore: { op: "gte", value: 4 },
  fScore: { op: "gte", value: 4 },
  mScore: { op: "gte", value: 4 },
  recencyDays: { op: "gt", value: 90 },
  orderCount: { op: "gte", value: 2 },
  revenue: { op: "gte", value: 100 },
  averageOrderValue: { op: "gte", value: 50 },
  predictedClv12m: { op: "gte", value: 500 },
  pAlive: { op: "lt", value: 0.3 },
  expectedPurchases90d: { op: "gte", value: 1 },
  expectedPurchases365d: { op: "gte", value: 1 },
  purchaseProbability7d: { op: "gte", value: 0.5 },
  purchaseProbability14d: { op: "gte", value: 0.5 },
  purchaseProbability30d: { op: "gte", value: 0.5 },
  nextPurchaseOverdueDays: { op: "gte", value: 14 },
};

function defaultMatch(kind: ValueKind, valuesFrom: ValueSource | undefined): Match {
  switch (kind) {
    case "string":
      return valuesFrom ? { op: "in", values: [] } : { op: "equals", value: "" };
    case "number":
      return { op: "gte", value: 0 };
    case "date":
      return { op: "withinLastDays", days: 30 };
    case "boolean":
      return { op: "equals", value: true };
  }
}

const LAST_YEAR: TimeWindow = { kind: "lastDays", days: 365 };
const AT_LEAST_ONCE: AggregateMatch = { op: "gte", value: 1 };

/** A fresh condition for a field key, with a sensible starting value. */
export function conditionFor(key: string, id: string): ConditionNode {
  const [prefix, name] = key.split(".", 2) as [string, string | undefined];
  if (prefix === "attribute" && name && Object.hasOwn(BUILTIN_FIELDS, name)) {
    const field = name as BuiltinField;
    return { id, type: "attribute", field, match: defaultMatch(BUILTIN_FIELDS[field], fieldOption(`attribute.${field}`)?.valuesFrom) };
  }
  if (prefix === "metric" && name && Object.hasOwn(METRIC_FIELDS, name)) {
    const metric = name as MetricField;
    const match = NUMBER_DEFAULTS[metric] ?? defaultMatch(METRIC_FIELDS[metric], fieldOption(`metric.${metric}`)?.valuesFrom);
    return { id, type: "metric", metric, match };
  }
  switch (key) {
    case "orders.count":
      return { id, type: "orders", measure: "count", window: LAST_YEAR, match: AT_LEAST_ONCE };
    case "orders.revenue":
      return { id, type: "orders", measure: "revenue", window: LAST_YEAR, match: { op: "gte", value: 100 } };
    case "purchase.category":
      return { id, type: "purchase", target: { by: "category", categories: [] }, window: { kind: "ever" }, match: AT_LEAST_ONCE };
    case "purchase.product":
      return { id, type: "purchase", target: { by: "product", productIds: [] }, window: { kind: "ever" }, match: AT_LEAST_ONCE };
    case "event":
      return { id, type: "event", eventType: "", window: { kind: "lastDays", days: 30 }, match: AT_LEAST_ONCE };
    case "customAttribute":
      return { id, type: "customAttribute", key: "", valueType: "string", match: { op: "equals", value: "" } };
    case "segment":
      return { id, type: "segment", segmentId: 0 };
    case "cluster":
      return { id, type: "cluster", clusters: [] };
    case "recommendedCategory":
      return { id, type: "recommendedCategory", op: "is", category: "", withinTop: 1 };
    default:
      throw new Error(`Unknown field ${key}`);
  }
}
