import type { ConditionNode } from "./definition.schema.ts";
import { BUILTIN_FIELDS, METRIC_FIELDS, type BuiltinField, type MetricField, type ValueKind } from "./fields.ts";

/**
 * Every rule the engine understands as a marketer sees it: a label, the unit
 * its number is in, and where its known values come from. The builder offers
 * these; rule descriptions and the value pickers' server side read them too.
 * Field keys are the builder's own ("attribute.country", "orders.count"); the
 * definition keeps the engine's shape.
 */
export type ValueSource =
  | "country"
  | "city"
  | "acquisitionChannel"
  | "timezone"
  | "rfmSegment"
  | "churnRiskBand"
  | "category"
  | "product"
  | "eventType"
  | "attributeKey"
  | "segment"
  | "valueCluster";

export type Unit = "days" | "currency" | "probability" | "score" | "orders" | "purchases" | "times";

export type FieldGroup = "Customer" | "Consent" | "Value & RFM" | "Behaviour" | "Other";

export interface FieldOption {
  key: string;
  label: string;
  group: FieldGroup;
  /** The kind of the compared value (aggregates are numbers). */
  kind: ValueKind;
  unit?: Unit;
  valuesFrom?: ValueSource;
  hint?: string;
}

const BUILTIN_LABELS: Record<BuiltinField, { label: string; group: FieldGroup; valuesFrom?: ValueSource }> = {
  externalId: { label: "Customer ID", group: "Customer" },
  email: { label: "Email", group: "Customer" },
  phone: { label: "Phone", group: "Customer" },
  firstName: { label: "First name", group: "Customer" },
  lastName: { label: "Last name", group: "Customer" },
  country: { label: "Country", group: "Customer", valuesFrom: "country" },
  city: { label: "City", group: "Customer", valuesFrom: "city" },
  timezone: { label: "Time zone", group: "Customer", valuesFrom: "timezone" },
  acquisitionChannel: { label: "Acquisition channel", group: "Customer", valuesFrom: "acquisitionChannel" },
  signedUpAt: { label: "Signed up", group: "Customer" },
  createdAt: { label: "Added to ValueLoop", group: "Customer" },
  emailConsent: { label: "Email consent", group: "Consent" },
  smsConsent: { label: "SMS consent", group: "Consent" },
  pushConsent: { label: "Push consent", group: "Consent" },
};

const METRIC_LABELS: Record<MetricField, { label: string; unit?: Unit; valuesFrom?: ValueSource; hint?: string }> = {
  rfmSegment: { label: "RFM segment", valuesFrom: "rfmSegment" },
  rScore: { label: "Recency score (R)", unit: "score" },
  fScore: { label: "Frequency score (F)", unit: "score" },
  mScore: { label: "Monetary score (M)", unit: "score" },
  recencyDays: { label: "Days since last order", unit: "days" },
  orderCount: { label: "Number of orders (lifetime)", unit: "orders" },
  revenue: { label: "Total spend (lifetime)", unit: "currency" },
  averageOrderValue: { label: "Average order value", unit: "currency" },
  firstOrderAt: { label: "First order date" },
  lastOrderAt: { label: "Last order date" },
  predictedClv12m: { label: "Predicted CLV (next 12 months)", unit: "currency" },
  pAlive: { label: "Probability still active", unit: "probability", hint: "From the BG/NBD model; 100% means surely still a customer." },
  expectedPurchases90d: { label: "Expected purchases (next 90 days)", unit: "purchases" },
  expectedPurchases365d: { label: "Expected purchases (next 365 days)", unit: "purchases" },
  churnRiskBand: { label: "Churn risk band", valuesFrom: "churnRiskBand" },
  purchaseProbability7d: { label: "Probability of buying in the next 7 days", unit: "probability", hint: "From the purchase model and the customer's history, as of the last model run." },
  purchaseProbability14d: { label: "Probability of buying in the next 14 days", unit: "probability", hint: "From the purchase model and the customer's history, as of the last model run." },
  purchaseProbability30d: { label: "Probability of buying in the next 30 days", unit: "probability", hint: "From the purchase model and the customer's history, as of the last model run." },
  nextPurchaseOverdueDays: {
    label: "Overdue for the next purchase by",
    unit: "days",
    hint: "Days since the next purchase was due at the customer's own pace (negative: days until it is due). Not set for customers without orders or before the first model run.",
  },
};

const BEHAVIOUR: FieldOption[] = [
  { key: "orders.count", label: "Placed orders", group: "Behaviour", kind: "number", unit: "orders" },
  { key: "orders.revenue", label: "Spent", group: "Behaviour", kind: "number", unit: "currency" },
  { key: "purchase.category", label: "Bought from category", group: "Behaviour", kind: "number", unit: "times", valuesFrom: "category" },
  { key: "purchase.product", label: "Bought product", group: "Behaviour", kind: "number", unit: "times", valuesFrom: "product" },
  { key: "event", label: "Did event", group: "Behaviour", kind: "number", unit: "times", valuesFrom: "eventType" },
];

const OTHER: FieldOption[] = [
  { key: "customAttribute", label: "Custom attribute", group: "Other", kind: "string", valuesFrom: "attributeKey" },
  { key: "segment", label: "Member of segment", group: "Other", kind: "boolean", valuesFrom: "segment" },
];

const CLUSTER: FieldOption = {
  key: "cluster",
  label: "In value cluster",
  group: "Value & RFM",
  kind: "boolean",
  valuesFrom: "valueCluster",
  hint: "The clusters of the latest run on the Value drivers page; a re-run may regroup customers.",
};

const RECOMMENDED_CATEGORY: FieldOption = {
  key: "recommendedCategory",
  label: "Recommended category",
  group: "Behaviour",
  kind: "string",
  valuesFrom: "category",
  hint: "The categories the last recommendations build suggests to the customer (new to them, bought with what they bought); customers without purchases get the popular ones.",
};

export const FIELD_OPTIONS: readonly FieldOption[] = [
  ...(Object.keys(BUILTIN_FIELDS) as BuiltinField[]).map((field) => ({
    key: `attribute.${field}`,
    kind: BUILTIN_FIELDS[field],
    ...BUILTIN_LABELS[field],
  })),
  ...(Object.keys(METRIC_FIELDS) as MetricField[]).map((metric) => ({
    key: `metric.${metric}`,
    kind: METRIC_FIELDS[metric],
    group: "Value & RFM" as const,
    ...METRIC_LABELS[metric],
  })),
  CLUSTER,
  ...BEHAVIOUR,
  RECOMMENDED_CATEGORY,
  ...OTHER,
];

export const FIELD_GROUPS: readonly FieldGroup[] = ["Customer", "Value & RFM", "Behaviour", "Consent", "Other"];

const BY_KEY = new Map(FIELD_OPTIONS.map((f) => [f.key, f]));

export function fieldOption(key: string): FieldOption | undefined {
  return BY_KEY.get(key);
}

/** The builder's field key for a condition ("campaign" has no editor yet). */
export function fieldKeyOf(node: ConditionNode): string {
  switch (node.type) {
    case "attribute":
      return `attribute.${node.field}`;
    case "metric":
      return `metric.${node.metric}`;
    case "orders":
      return `orders.${node.measure}`;
    case "purchase":
      return `purchase.${node.target.by}`;
    case "event":
      return "event";
    case "customAttribute":
      return "customAttribute";
    case "segment":
      return "segment";
    case "cluster":
      return "cluster";
    case "recommendedCategory":
      return "recommendedCategory";
    case "campaign":
      return "campaign";
  }
}

/** The kind and value source of the thing a condition's `match` compares. */
export function matchTarget(node: ConditionNode): { kind: ValueKind; unit?: Unit; valuesFrom?: ValueSource } {
  switch (node.type) {
    case "attribute": {
      const f = BUILTIN_LABELS[node.field];
      return { kind: BUILTIN_FIELDS[node.field], valuesFrom: f.valuesFrom };
    }
    case "metric": {
      const f = METRIC_LABELS[node.metric];
      return { kind: METRIC_FIELDS[node.metric], unit: f.unit, valuesFrom: f.valuesFrom };
    }
    case "customAttribute":
      return { kind: node.valueType };
    case "orders":
      return { kind: "number", unit: node.measure === "revenue" ? "currency" : "orders" };
    case "purchase":
    case "event":
      return { kind: "number", unit: "times" };
    case "segment":
    case "campaign":
      return { kind: "boolean" };
    case "cluster":
      return { kind: "boolean", valuesFrom: "valueCluster" };
    case "recommendedCategory":
      return { kind: "string", valuesFrom: "category" };
  }
}
