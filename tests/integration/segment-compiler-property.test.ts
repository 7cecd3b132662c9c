import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { compileSegment } from "../../lib/segments/compile-segment.ts";
import { startOfDayInZone } from "../../lib/segments/date-values.ts";
import type { SegmentDefinition } from "../../lib/segments/definition.schema.ts";
import { evaluateSegment, type EvalMetrics } from "../../lib/segments/evaluate-segment.ts";
import { loadSegmentContext } from "../../lib/segments/load-segment-context.ts";
import { parseSegmentDefinition } from "../../lib/segments/parse-definition.ts";
import { createTestWorkspace, insertDataset, type Dataset, type DatasetCustomer } from "../../lib/segments/testing/segment-test-data.ts";

/**
 * The SQL compiler and the in-memory evaluator are two implementations of the
 * same rules; on random customers and random rule trees they must select the
 * same customers. Data clusters around "now" and local midnights so window and
 * time-zone boundaries are hit, and values repeat so rules actually match.
 */

const DAY = 86_400_000;
// Sunday 10 March 2024: the United States move to daylight time that morning.
const NOW = Date.UTC(2024, 2, 10, 12, 0, 0);
// Havana moves its clocks at midnight on NOW's date, so that local day starts at 01:00.
const ZONES = ["UTC", "America/New_York", "America/Havana", "Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Australia/Lord_Howe", "Europe/London"];
const STRINGS = ["", "1", "a", "ab", "Ab", "b", "ç", "a%", "a_b", "'", "x\"y", "😀", "a@x.com", "A@x.com", "US", "FR"];
const NUMBERS = [0, 1, 2, 3, 4, 5, 0.5, 0.3, 10.1, 99.99, 100, -1];
const MONEY = ["0.00", "0.10", "0.20", "0.30", "10.10", "99.99", "100.00"];
const CATEGORIES = ["shoes", "hats", "none"];
const RUNS = 60;

const dayOf = (ms: number) => {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function instantArb(tz: string): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: -3, max: 40 }).map((d) => NOW - d * DAY),
    fc.tuple(fc.integer({ min: -2, max: 40 }), fc.constantFrom(-1, 1, -3_600_000, 3_600_000)).map(([d, e]) => NOW - d * DAY + e),
    {
      weight: 3,
      arbitrary: fc.tuple(fc.integer({ min: -3, max: 8 }), fc.constantFrom(-1, 0, 1)).map(([d, e]) => startOfDayInZone(dayOf(NOW - d * DAY), tz) + e),
    },
    fc.integer({ min: NOW - 400 * DAY, max: NOW + 5 * DAY }),
  );
}

function withOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

// Few distinct days, so rule dates and data at local midnights often coincide.
const dayValueArb = fc.integer({ min: -3, max: 8 }).map((d) => dayText(NOW - d * DAY));
const dateValueArb = (tz: string) =>
  fc.oneof(dayValueArb, fc.tuple(instantArb(tz), fc.constantFrom(0, 330, -300, 840, -660)).map(([ms, off]) => withOffset(ms, off)));

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 3 });
const str = fc.constantFrom(...STRINGS);
const num = fc.constantFrom(...NUMBERS);

function attributeValueArb(tz: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    str,
    num,
    fc.boolean(),
    dateValueArb(tz),
    fc.constantFrom(null, "2023-02-29", "2024-13-01", "yesterday", "2024-01-01T10:00:00", "1850-01-01", [1], { a: 1 }),
  );
}

function customerArb(tz: string): fc.Arbitrary<DatasetCustomer> {
  const instant = instantArb(tz);
  const date = opt(instant.map((ms) => new Date(ms)));
  const metrics: fc.Arbitrary<EvalMetrics | null> = opt(
    fc.record({
      firstOrderAt: date,
      lastOrderAt: date,
      orderCount: fc.constantFrom(0, 1, 2, 5),
      revenue: fc.constantFrom(...MONEY),
      averageOrderValue: opt(fc.constantFrom(...MONEY)),
      recencyDays: opt(fc.constantFrom(0, 1, 30, 400)),
      rScore: opt(fc.integer({ min: 1, max: 5 })),
      fScore: opt(fc.integer({ min: 1, max: 5 })),
      mScore: opt(fc.integer({ min: 1, max: 5 })),
      rfmSegment: opt(fc.constantFrom("Champions", "At Risk", "Lost")),
      pAlive: opt(fc.constantFrom(0, 0.3, 0.5, 0.1 + 0.2, 0.99)),
      expectedPurchases90d: opt(num),
      expectedPurchases365d: opt(num),
      predictedClv12m: opt(fc.constantFrom(0, 10.1, 99.99, 100, 1234.5)),
      churnRiskBand: opt(fc.constantFrom("low", "medium", "high")),
      purchaseProbability7d: opt(fc.constantFrom(0, 0.3, 0.5, 0.1 + 0.2, 0.99)),
      purchaseProbability14d: opt(fc.constantFrom(0, 0.3, 0.5, 0.99)),
      purchaseProbability30d: opt(num),
      // around NOW's local day in every zone: overdue by -2 .. 19 days
      nextPurchaseDueOn: opt(fc.constantFrom("2024-02-20", "2024-03-07", "2024-03-09", "2024-03-10", "2024-03-11", "2024-03-12")),
    }),
  );
  return fc.record({
    customer: fc.record({
      email: opt(str),
      phone: opt(fc.constantFrom("+15550001", "0033")),
      firstName: opt(str),
      lastName: opt(str),
      country: opt(fc.constantFrom("US", "FR", "DE")),
      city: opt(str),
      timezone: opt(fc.constantFrom("UTC", "Europe/Paris")),
      acquisitionChannel: opt(fc.constantFrom("ads", "seo", "referral")),
      signedUpAt: date,
      createdAt: instant.map((ms) => new Date(ms)),
      attributes: fc.dictionary(fc.constantFrom("plan", "score", "birthday", "vip", "__proto__"), attributeValueArb(tz), { maxKeys: 4 }),
      emailConsent: fc.boolean(),
      smsConsent: fc.boolean(),
      pushConsent: fc.boolean(),
    }),
    metrics,
    orders: fc.array(
      fc.record({
        placedAt: instant.map((ms) => new Date(ms)),
        total: fc.constantFrom(...MONEY),
        status: fc.constantFrom("completed", "completed", "pending", "cancelled", "refunded"),
        items: fc.array(fc.record({ productSlot: opt(fc.integer({ min: 0, max: 3 })) }), { maxLength: 3 }),
      }),
      { maxLength: 4 },
    ),
    events: fc.array(
      fc.record({
        type: fc.constantFrom("view", "click"),
        occurredAt: instant.map((ms) => new Date(ms)),
        properties: fc.dictionary(fc.constantFrom("page", "n"), fc.constantFrom<unknown>("home", "cart", 1, 1.5, true, "1", null), { maxKeys: 2 }),
      }),
      { maxLength: 4 },
    ),
  });
}

const datasetArb = fc.constantFrom(...ZONES).chain((tz) =>
  fc.record({
    tz: fc.constant(tz),
    dataset: fc.record({
      products: fc.constant<(string | null)[]>(["shoes", "hats", null, "shoes"]),
      customers: fc.array(customerArb(tz), { minLength: 5, maxLength: 30 }),
    }),
  }),
);

type Raw = Record<string, unknown>;
const days = fc.constantFrom(1, 7, 30, 31, 365);

function matchArb(kind: "string" | "number" | "date" | "boolean", tz: string): fc.Arbitrary<Raw> {
  switch (kind) {
    case "string":
      return fc.oneof(
        fc.record({ op: fc.constantFrom("equals", "notEquals", "contains", "notContains", "startsWith"), value: str }),
        fc.record({ op: fc.constantFrom("in", "notIn"), values: fc.array(str, { minLength: 1, maxLength: 3 }) }),
        fc.record({ op: fc.constantFrom("isSet", "isNotSet") }),
      );
    case "number":
      return fc.oneof(
        fc.record({ op: fc.constantFrom("equals", "notEquals", "gt", "gte", "lt", "lte"), value: num }),
        fc.record({ op: fc.constantFrom("in", "notIn"), values: fc.array(num, { minLength: 1, maxLength: 3 }) }),
        fc.tuple(num, num).map(([a, b]) => ({ op: "between", min: Math.min(a, b), max: Math.max(a, b) })),
        fc.record({ op: fc.constantFrom("isSet", "isNotSet") }),
      );
    case "date":
      return fc.oneof(
        fc.record({ op: fc.constantFrom("before", "after"), value: dateValueArb(tz) }),
        fc.record({ op: fc.constant("on"), value: dayValueArb }),
        fc.record({ op: fc.constant("betweenDates"), from: dateValueArb(tz), to: dateValueArb(tz) }),
        fc.record({ op: fc.constantFrom("withinLastDays", "moreThanDaysAgo"), days }),
        fc.record({ op: fc.constantFrom("isSet", "isNotSet") }),
      );
    case "boolean":
      return fc.oneof(fc.record({ op: fc.constant("equals"), value: fc.boolean() }), fc.record({ op: fc.constantFrom("isSet", "isNotSet") }));
  }
}

function aggregateArb(values: fc.Arbitrary<number>): fc.Arbitrary<Raw> {
  return fc.oneof(
    fc.record({ op: fc.constantFrom("equals", "notEquals", "gt", "gte", "lt", "lte"), value: values }),
    fc.tuple(values, values).map(([a, b]) => ({ op: "between", min: Math.min(a, b), max: Math.max(a, b) })),
  );
}

function windowArb(tz: string): fc.Arbitrary<Raw> {
  return fc.oneof(
    fc.constant({ kind: "ever" }),
    fc.record({ kind: fc.constant("lastDays"), days }),
    fc.record({ kind: fc.constant("between"), from: dateValueArb(tz), to: dateValueArb(tz) }),
  );
}

function leafArb(tz: string): fc.Arbitrary<Raw> {
  const negate = fc.boolean();
  const counts = fc.constantFrom(0, 1, 2, 3);
  return fc.oneof(
    fc.record({ type: fc.constant("attribute"), negate, field: fc.constantFrom("email", "firstName", "country", "city", "acquisitionChannel", "phone"), match: matchArb("string", tz) }),
    fc.record({ type: fc.constant("attribute"), negate, field: fc.constantFrom("signedUpAt", "createdAt"), match: matchArb("date", tz) }),
    fc.record({ type: fc.constant("attribute"), negate, field: fc.constantFrom("emailConsent", "smsConsent"), match: matchArb("boolean", tz) }),
    fc.constantFrom("string", "number", "date", "boolean").chain((valueType) =>
      fc.record({ type: fc.constant("customAttribute"), negate, key: fc.constantFrom("plan", "score", "birthday", "vip", "__proto__", "missing"), valueType: fc.constant(valueType), match: matchArb(valueType as "string", tz) }),
    ),
    fc.record({ type: fc.constant("metric"), negate, metric: fc.constantFrom("rScore", "fScore", "pAlive", "predictedClv12m", "orderCount", "revenue", "averageOrderValue", "recencyDays", "expectedPurchases90d", "purchaseProbability7d", "purchaseProbability14d", "purchaseProbability30d", "nextPurchaseOverdueDays"), match: matchArb("number", tz) }),
    fc.record({ type: fc.constant("metric"), negate, metric: fc.constantFrom("rfmSegment", "churnRiskBand"), match: fc.oneof(matchArb("string", tz), fc.record({ op: fc.constantFrom("equals", "in"), value: fc.constantFrom("Champions", "high"), values: fc.constant(["At Risk", "low"]) }).map(({ op, value, values }) => (op === "equals" ? { op, value } : { op, values }))) }),
    fc.record({ type: fc.constant("metric"), negate, metric: fc.constantFrom("firstOrderAt", "lastOrderAt"), match: matchArb("date", tz) }),
    fc.record({ type: fc.constant("orders"), negate, measure: fc.constant("count"), window: windowArb(tz), match: aggregateArb(counts) }),
    fc.record({ type: fc.constant("orders"), negate, measure: fc.constant("revenue"), window: windowArb(tz), match: aggregateArb(fc.constantFrom(0, 0.1, 0.3, 10.1, 100, 100.2)) }),
    fc.record({
      type: fc.constant("purchase"),
      negate,
      target: fc.oneof(
        fc.record({ by: fc.constant("product"), productIds: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }) }),
        fc.record({ by: fc.constant("category"), categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES), { minLength: 1, maxLength: 2 }) }),
      ),
      window: windowArb(tz),
      match: aggregateArb(counts),
    }),
    fc.record(
      {
        type: fc.constant("event"),
        negate,
        eventType: fc.constantFrom("view", "click"),
        property: fc.record({ key: fc.constantFrom("page", "n"), value: fc.constantFrom<string | number | boolean>("home", 1, 1.5, true, "1") }),
        window: windowArb(tz),
        match: aggregateArb(counts),
      },
      { requiredKeys: ["type", "negate", "eventType", "window", "match"] },
    ),
    fc.record({ type: fc.constant("segment"), negate, segmentId: fc.constantFrom(0, 1) }),
  );
}

function treeArb(tz: string): fc.Arbitrary<Raw> {
  const { group } = fc.letrec((tie) => ({
    node: fc.oneof({ maxDepth: 4, depthIdentifier: "tree" }, leafArb(tz), tie("group")),
    group: fc.record({
      type: fc.constant("group"),
      combinator: fc.constantFrom("and", "or"),
      negate: fc.boolean(),
      children: fc.array(tie("node"), { maxLength: 3, depthIdentifier: "tree" }),
    }),
  }));
  // Half the trees are one rule, so each operator is checked where it splits customers, not only deep inside a tree.
  const single = fc.tuple(leafArb(tz), fc.boolean()).map(([leaf, negate]) => ({ type: "group", combinator: "and", negate, children: [leaf] }));
  return fc.oneof(single, group as fc.Arbitrary<Raw>);
}

/** Gives every node an id and swaps product / segment slots for the database ids. */
function finalize(root: Raw, productIds: number[], segmentIds: number[]): SegmentDefinition {
  let next = 0;
  const walk = (node: Raw): Raw => {
    const out: Raw = { ...node, id: `n${next++}` };
    if (node.type === "group") out.children = (node.children as Raw[]).map(walk);
    if (node.type === "segment") out.segmentId = segmentIds[node.segmentId as number];
    if (node.type === "purchase") {
      const target = node.target as Raw;
      if (target.by === "product") out.target = { ...target, productIds: (target.productIds as number[]).map((slot) => productIds[slot]) };
    }
    return out;
  };
  return parseSegmentDefinition({ version: 1, root: walk(root) });
}

async function createReferencedSegments(workspaceId: number, customerIds: string[]): Promise<{ ids: number[]; staticMembers: Map<number, Set<string>> }> {
  const dynamicDefinition = {
    version: 1,
    root: {
      id: "r",
      type: "group",
      combinator: "or",
      children: [
        { id: "a", type: "attribute", field: "country", match: { op: "equals", value: "US" } },
        { id: "b", type: "orders", measure: "count", window: { kind: "lastDays", days: 30 }, match: { op: "gte", value: 1 } },
      ],
    },
  };
  const rows = await pool.query<{ id: number; kind: string }>(
    `INSERT INTO segment (workspace_id, name, kind, definition) VALUES
       ($1, 'frozen list', 'STATIC', $2::jsonb), ($1, 'us or recent', 'DYNAMIC', $3::jsonb) RETURNING id, kind`,
    [workspaceId, JSON.stringify({ version: 1, root: { id: "r", type: "group", combinator: "and", children: [] } }), JSON.stringify(dynamicDefinition)],
  );
  const staticId = rows.rows.find((r) => r.kind === "STATIC")!.id;
  const dynamicId = rows.rows.find((r) => r.kind === "DYNAMIC")!.id;
  const members = customerIds.filter((_, i) => i % 3 === 0);
  await pool.query(`INSERT INTO segment_membership (segment_id, customer_id, workspace_id) SELECT $1, unnest($2::int8[]), $3`, [staticId, members, workspaceId]);
  return { ids: [staticId, dynamicId], staticMembers: new Map([[staticId, new Set(members)]]) };
}

describe("segment compiler vs in-memory evaluator", () => {
  it("select the same customers for random data and random rule trees", async () => {
    const now = new Date(NOW);
    let compared = 0;
    // Trees that split the customers (some in, some out) are the ones that can catch a disagreement.
    let informative = 0;
    await fc.assert(
      fc.asyncProperty(
        datasetArb.chain(({ tz, dataset }) => fc.record({ tz: fc.constant(tz), dataset: fc.constant(dataset as Dataset), trees: fc.array(treeArb(tz), { minLength: 30, maxLength: 30 }) })),
        async ({ tz, dataset, trees }) => {
          const workspaceId = await createTestWorkspace(tz);
          const inserted = await insertDataset(workspaceId, dataset);
          const customerIds = inserted.records.map((r) => r.customer.id);
          const refs = await createReferencedSegments(workspaceId, customerIds);
          for (const tree of trees) {
            const definition = finalize(tree, inserted.productIds, refs.ids);
            const ctx = await loadSegmentContext(workspaceId, definition, { now });
            const query = compileSegment(definition, ctx);
            const fromSql = (await pool.query<{ customer_id: string }>(query.text, query.values)).rows.map((r) => String(r.customer_id)).sort();
            const evalCtx = { timezone: tz, now, productCategories: inserted.productCategories, segments: ctx.segments, staticMembers: refs.staticMembers };
            const fromEvaluator = inserted.records.filter((r) => evaluateSegment(definition, r, evalCtx)).map((r) => r.customer.id).sort();
            expect(fromSql, `${tz} ${JSON.stringify(definition)}\n${query.text}`).toEqual(fromEvaluator);
            compared += 1;
            if (fromSql.length > 0 && fromSql.length < customerIds.length) informative += 1;
          }
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(compared).toBeGreaterThanOrEqual(RUNS * 30);
    console.log(`compared ${compared} trees, ${informative} split the customers`);
    expect(informative / compared).toBeGreaterThan(0.3);
  });
});
