import { describe, expect, it } from "vitest";
import { compileSegment } from "./compile-segment.ts";
import { evaluateSegment, type CustomerRecord, type EvalMetrics, type EvaluationContext } from "./evaluate-segment.ts";
import { parseSegmentDefinition } from "./parse-definition.ts";
import { findSegmentTemplate, SEGMENT_TEMPLATES } from "./templates.ts";

const NOW = new Date("2024-06-01T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const ctx: EvaluationContext = { timezone: "UTC", now: NOW, productCategories: new Map(), segments: new Map(), staticMembers: new Map() };

function customer(metrics: Partial<EvalMetrics> | null, orders: Date[] = [], emailConsent = true): CustomerRecord {
  return {
    customer: {
      id: "1",
      externalId: "x",
      email: "a@example.com",
      phone: null,
      firstName: null,
      lastName: null,
      country: null,
      city: null,
      timezone: null,
      acquisitionChannel: null,
      signedUpAt: null,
      createdAt: daysAgo(900),
      attributes: {},
      emailConsent,
      smsConsent: false,
      pushConsent: false,
    },
    metrics: metrics && {
      firstOrderAt: null,
      lastOrderAt: null,
      orderCount: 0,
      revenue: "0",
      averageOrderValue: null,
      recencyDays: null,
      rScore: null,
      fScore: null,
      mScore: null,
      rfmSegment: null,
      pAlive: null,
      expectedPurchases90d: null,
      expectedPurchases365d: null,
      predictedClv12m: null,
      churnRiskBand: null,
      purchaseProbability7d: null,
      purchaseProbability14d: null,
      purchaseProbability30d: null,
      nextPurchaseDueOn: null,
      ...metrics,
    },
    orders: orders.map((placedAt) => ({ placedAt, total: "10.00", items: [] })),
    events: [],
  };
}

const matches = (key: string, record: CustomerRecord) => evaluateSegment(findSegmentTemplate(key)!.definition, record, ctx);

describe("segment templates", () => {
  it("are valid definitions that compile", () => {
    for (const t of SEGMENT_TEMPLATES) {
      expect(parseSegmentDefinition(t.definition)).toEqual(t.definition);
      expect(compileSegment(t.definition, { workspaceId: 1, timezone: "UTC", segments: new Map() }).text).toContain("SELECT c.id");
    }
    expect(new Set(SEGMENT_TEMPLATES.map((t) => t.key)).size).toBe(SEGMENT_TEMPLATES.length);
  });

  it("pick the customers their names promise", () => {
    expect(matches("new-customers", customer({ firstOrderAt: daysAgo(10), orderCount: 1 }))).toBe(true);
    expect(matches("new-customers", customer({ firstOrderAt: daysAgo(40), orderCount: 1 }))).toBe(false);
    expect(matches("one-time-buyers", customer({ orderCount: 1 }))).toBe(true);
    expect(matches("one-time-buyers", customer({ orderCount: 2 }))).toBe(false);
    expect(matches("one-time-buyers", customer(null))).toBe(false);
    expect(matches("loyal", customer({ lastOrderAt: daysAgo(5) }, [daysAgo(5), daysAgo(100), daysAgo(300)]))).toBe(true);
    expect(matches("loyal", customer({ lastOrderAt: daysAgo(5) }, [daysAgo(5), daysAgo(400)]))).toBe(false);
    expect(matches("vip", customer({ predictedClv12m: 800 }))).toBe(true);
    expect(matches("vip", customer({ mScore: 5, fScore: 4 }))).toBe(true);
    expect(matches("vip", customer({ mScore: 5, fScore: 2, predictedClv12m: 100 }))).toBe(false);
    expect(matches("at-risk", customer({ mScore: 5, churnRiskBand: "high" }))).toBe(true);
    expect(matches("at-risk", customer({ mScore: 5, churnRiskBand: "low" }))).toBe(false);
    expect(matches("at-risk", customer({ mScore: 2, churnRiskBand: "high" }))).toBe(false);
    expect(matches("lapsed", customer({ orderCount: 3, lastOrderAt: daysAgo(400) }))).toBe(true);
    expect(matches("lapsed", customer({ orderCount: 3, lastOrderAt: daysAgo(200) }))).toBe(false);
    expect(matches("lapsed", customer(null))).toBe(false);
    expect(matches("win-back", customer({ orderCount: 2, lastOrderAt: daysAgo(200) }))).toBe(true);
    expect(matches("win-back", customer({ orderCount: 2, lastOrderAt: daysAgo(200) }, [], false))).toBe(false);
    expect(matches("win-back", customer({ orderCount: 2, lastOrderAt: daysAgo(400) }))).toBe(false);
    expect(matches("win-back", customer({ orderCount: 2, lastOrderAt: daysAgo(60) }))).toBe(false);
  });
});
