/**
 * The fields a segment rule may test, and which operators fit each value
 * kind. The schema, the SQL compiler and the in-memory evaluator all key off
 * these names, so a field exists everywhere or nowhere.
 */
export type ValueKind = "string" | "number" | "date" | "boolean";

/** Built-in columns of the customer table. */
export const BUILTIN_FIELDS = {
  externalId: "string",
  email: "string",
  phone: "string",
  firstName: "string",
  lastName: "string",
  country: "string",
  city: "string",
  timezone: "string",
  acquisitionChannel: "string",
  signedUpAt: "date",
  createdAt: "date",
  emailConsent: "boolean",
  smsConsent: "boolean",
  pushConsent: "boolean",
} as const satisfies Record<string, ValueKind>;
export type BuiltinField = keyof typeof BUILTIN_FIELDS;

/** Columns of customer_metrics (kept by the analytics workers). */
export const METRIC_FIELDS = {
  rScore: "number",
  fScore: "number",
  mScore: "number",
  rfmSegment: "string",
  recencyDays: "number",
  predictedClv12m: "number",
  pAlive: "number",
  expectedPurchases90d: "number",
  expectedPurchases365d: "number",
  churnRiskBand: "string",
  purchaseProbability7d: "number",
  purchaseProbability14d: "number",
  purchaseProbability30d: "number",
  nextPurchaseOverdueDays: "number",
  orderCount: "number",
  revenue: "number",
  averageOrderValue: "number",
  firstOrderAt: "date",
  lastOrderAt: "date",
} as const satisfies Record<string, ValueKind>;
export type MetricField = keyof typeof METRIC_FIELDS;

export const MATCH_OPS = [
  "equals",
  "notEquals",
  "in",
  "notIn",
  "contains",
  "notContains",
  "startsWith",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "before",
  "after",
  "on",
  "betweenDates",
  "withinLastDays",
  "moreThanDaysAgo",
  "isSet",
  "isNotSet",
] as const;
export type MatchOp = (typeof MATCH_OPS)[number];

export const OPS_BY_KIND: Record<ValueKind, readonly MatchOp[]> = {
  string: ["equals", "notEquals", "in", "notIn", "contains", "notContains", "startsWith", "isSet", "isNotSet"],
  number: ["equals", "notEquals", "in", "notIn", "gt", "gte", "lt", "lte", "between", "isSet", "isNotSet"],
  date: ["before", "after", "on", "betweenDates", "withinLastDays", "moreThanDaysAgo", "isSet", "isNotSet"],
  boolean: ["equals", "isSet", "isNotSet"],
};

/** Operators allowed on behaviour aggregates (order count, spend, purchase and event counts). */
export const AGGREGATE_OPS = ["equals", "notEquals", "gt", "gte", "lt", "lte", "between"] as const;
