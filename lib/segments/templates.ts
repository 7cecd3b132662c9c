import type { SegmentDefinition } from "./definition.schema.ts";

/**
 * Ready-made segments. Each is an ordinary definition that the builder opens
 * for editing; thresholds are sensible starting points, not laws. Names of RFM
 * cells and churn-risk bands follow the analytics defaults
 * (lib/analytics/rfm/rfm-settings.schema.ts, "low" / "medium" / "high").
 */
export interface SegmentTemplate {
  key: string;
  name: string;
  description: string;
  definition: SegmentDefinition;
}

export const SEGMENT_TEMPLATES: readonly SegmentTemplate[] = [
  {
    key: "new-customers",
    name: "New customers",
    description: "First order in the last 30 days.",
    definition: {
      version: 1,
      root: {
        id: "root",
        type: "group",
        combinator: "and",
        children: [{ id: "first-order", type: "metric", metric: "firstOrderAt", match: { op: "withinLastDays", days: 30 } }],
      },
    },
  },
  {
    key: "one-time-buyers",
    name: "One-time buyers",
    description: "Exactly one order so far: the second purchase is the one to win.",
    definition: {
      version: 1,
      root: {
        id: "root",
        type: "group",
        combinator: "and",
        children: [{ id: "one-order", type: "metric", metric: "orderCount", match: { op: "equals", value: 1 } }],
      },
    },
  },
  {
    key: "loyal",
    name: "Loyal customers",
    description: "At least 3 orders in the last year, the latest within 90 days.",
    definition: {
      version: 1,
      root: {
        id: "root",
        type: "group",
        combinator: "and",
        children: [
          { id: "orders-year", type: "orders", measure: "count", window: { kind: "lastDays", days: 365 }, match: { op: "gte", value: 3 } },
          { id: "recent", type: "metric", metric: "lastOrderAt", match: { op: "withinLastDays", days: 90 } },
        ],
      },
    },
  },
  {
    key: "vip",
    name: "VIP / high predicted value",
    description: "Predicted to spend at least 500 in the next 12 months, or top spenders who buy often (M = 5, F ≥ 4).",
    definition: {
      version: 1,
      root: {
        id: "root",
        type: "group",
        combinator: "or",
        children: [
          { id: "clv", type: "metric", metric: "predictedClv12m", match: { op: "gte", value: 500 } },
          {
            id: "top-rfm",
            type: "group",
            combinator: "and",
            children: [
              { id: "m5", type: "metric", metric: "mScore", match: { op: "equals", value: 5 } },
              { id: "f4", type: "metric", metric: "fScore", match: { op: "gte", value: 4 } },
            ],
          },
        ],
      },
    },
  },
  {
    key: "at-risk",
    name: "At risk of churn",
    description: "Valuable customers (M ≥ 4 or in a high-value RFM cell) whose chance of still being active has dropped to medium or high churn risk.",
    definition: {
      version: 1,
      root: {
        id: "root",
        type: "group",
        combinator: "and",
        children: [
          {
            id: "valuable",
            type: "group",
            combinator: "or",
            children: [
              { id: "m4", type: "metric", metric: "mScore", match: { op: "gte", value: 4 } },
              { id: "rfm-cell", type: "metric", metric: "rfmSegment", match: { op: "in", values: ["Cannot lose them", "At risk"] } },
            ],
          },
          { id: "churn-band", type: "metric", metric: "churnRiskBand", match: { op: "in", values: ["medium", "high"] } },
        ],
      },
    },
  },
  {
    key: "lapsed",
    name: "Lapsed",
    description: "Bought before, but nothing for more than a year.",
    definition: {
      version: 1,
      root: {
        id: "root",
        type: "group",
        combinator: "and",
        children: [
          { id: "has-ordered", type: "metric", metric: "orderCount", match: { op: "gte", value: 1 } },
          { id: "last-order-old", type: "metric", metric: "lastOrderAt", match: { op: "moreThanDaysAgo", days: 365 } },
        ],
      },
    },
  },
  {
    key: "win-back",
    name: "Win-back",
    description: "Repeat buyers silent for 120 days to a year who can still be emailed.",
    definition: {
      version: 1,
      root: {
        id: "root",
        type: "group",
        combinator: "and",
        children: [
          { id: "repeat", type: "metric", metric: "orderCount", match: { op: "gte", value: 2 } },
          { id: "quiet", type: "metric", metric: "lastOrderAt", match: { op: "moreThanDaysAgo", days: 120 } },
          { id: "not-lapsed", type: "metric", metric: "lastOrderAt", negate: true, match: { op: "moreThanDaysAgo", days: 365 } },
          { id: "email-ok", type: "attribute", field: "emailConsent", match: { op: "equals", value: true } },
        ],
      },
    },
  },
];

export function findSegmentTemplate(key: string): SegmentTemplate | undefined {
  return SEGMENT_TEMPLATES.find((t) => t.key === key);
}
