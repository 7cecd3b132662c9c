import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { isAppError } from "../../lib/errors.ts";
import { countSegment } from "../../lib/segments/count-segment.ts";
import { evaluateSegment } from "../../lib/segments/evaluate-segment.ts";
import { explainSegment } from "../../lib/segments/explain-segment.ts";
import { loadSegmentContext } from "../../lib/segments/load-segment-context.ts";
import { parseSegmentDefinition, parseSegmentDefinitionJson } from "../../lib/segments/parse-definition.ts";
import { isSegmentDefinitionError } from "../../lib/segments/segment-definition-error.ts";
import { blankCustomer, createTestWorkspace, insertDataset, type InsertedDataset } from "../../lib/segments/testing/segment-test-data.ts";

/**
 * Hostile and broken input on the read paths (count, explain): every input
 * either gets a SegmentDefinitionError (a 422 at the edge) or a result equal
 * to the in-memory evaluator's, nothing else is thrown, and no row of the
 * workspace (or of a bystander workspace) changes.
 */
const NOW = new Date("2024-06-01T12:00:00Z");
const SQLISH = [
  "'; DROP TABLE customer; --",
  "1) OR (1=1",
  "' OR ''='",
  "$1",
  "$2::text",
  "\\",
  "%",
  "_",
  "*/ SELECT pg_sleep(0) /*",
  "c.workspace_id",
  "FR",
  "x".repeat(1_001),
  "\u0000",
  "\ud800",
  "",
];
const WEIRD_NUMBERS = [0, -0, 1, -1, 0.1, 1e-7, 1e15, 1e16, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, 36_500, 36_501, 1_000_001];

let workspaceId = 0;
let bystanderId = 0;
let data: InsertedDataset;

const TABLES = ["customer", "customer_order", "order_item", "event", "customer_metrics", "product", "segment", "segment_membership", "segment_transition", "segment_size_history"];

async function fingerprint(ws: number): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const res = await pool.query<{ h: string | null; n: string }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h, count(*) AS n FROM ${table} t WHERE t.workspace_id = $1`,
      [ws],
    );
    parts.push(`${table}:${res.rows[0]!.n}:${res.rows[0]!.h}`);
  }
  return parts.join(";");
}

beforeAll(async () => {
  workspaceId = await createTestWorkspace("Europe/Paris");
  bystanderId = await createTestWorkspace();
  const day = 86_400_000;
  data = await insertDataset(workspaceId, {
    products: ["shoes", "hats"],
    customers: [
      blankCustomer({ country: "FR", email: "'; DROP TABLE customer; --", attributes: { plan: "$1", score: 3 } }, {
        orders: [{ placedAt: new Date(NOW.getTime() - 3 * day), total: "10.00", items: [{ productSlot: 0 }] }],
        events: [{ type: "view", occurredAt: new Date(NOW.getTime() - day), properties: { page: "1) OR (1=1" } }],
      }),
      blankCustomer({ country: "US", email: "b@example.com", attributes: { "'; --": true } }),
      blankCustomer({ city: "%", firstName: "\\" }),
    ],
  });
  await insertDataset(bystanderId, { products: [], customers: [blankCustomer({ country: "FR" })] });
});

// Hostile but valid values: they must reach SQL as bound parameters and match literally.
const sqlish = fc.constantFrom(...SQLISH.filter((v) => v.length <= 1_000 && !v.includes("\u0000") && v !== "\ud800"));
const anyText = fc.constantFrom(...SQLISH);
const validNumber = fc.constantFrom(...WEIRD_NUMBERS.filter((n) => Math.abs(n) <= 1e15));
const validRule: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant("attribute"), field: fc.constantFrom("email", "country", "city", "firstName"), match: fc.record({ op: fc.constantFrom("equals", "contains", "startsWith", "notEquals", "notContains"), value: sqlish }) }),
  fc.record({ type: fc.constant("attribute"), field: fc.constantFrom("email", "country"), match: fc.record({ op: fc.constantFrom("in", "notIn"), values: fc.array(sqlish, { minLength: 1, maxLength: 3 }) }) }),
  fc.record({ type: fc.constant("customAttribute"), key: sqlish.filter((k) => k.length > 0 && k.length <= 200), valueType: fc.constantFrom("string", "number", "boolean", "date"), match: fc.constant({ op: "isSet" }) }),
  fc.record({ type: fc.constant("metric"), metric: fc.constantFrom("pAlive", "revenue", "orderCount"), match: fc.record({ op: fc.constantFrom("gt", "lte", "equals"), value: validNumber }) }),
  fc.record({ type: fc.constant("event"), eventType: sqlish.filter((k) => k.length > 0 && k.length <= 200), property: fc.record({ key: sqlish.filter((k) => k.length > 0 && k.length <= 200), value: sqlish }), window: fc.constant({ kind: "lastDays", days: 30 }), match: fc.constant({ op: "gte", value: 1 }) }),
  fc.record({ type: fc.constant("orders"), measure: fc.constant("revenue"), window: fc.constant({ kind: "ever" }), match: fc.record({ op: fc.constant("gte"), value: validNumber }) }),
);
// Rules that break a definition: out-of-range numbers, unknown segments, campaigns, text Postgres cannot hold.
const invalidRule: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant("attribute"), field: fc.constantFrom("email", "country"), match: fc.record({ op: fc.constant("equals"), value: anyText }) }),
  fc.record({ type: fc.constant("orders"), measure: fc.constantFrom("count", "revenue"), window: fc.record({ kind: fc.constant("lastDays"), days: fc.constantFrom(...WEIRD_NUMBERS) }), match: fc.record({ op: fc.constant("gte"), value: fc.constantFrom(...WEIRD_NUMBERS) }) }),
  fc.record({ type: fc.constant("segment"), segmentId: fc.constantFrom(1, 2 ** 31 - 1, 2 ** 31, -1, 0) }),
  fc.record({ type: fc.constant("campaign"), action: fc.constant("opened"), campaignId: fc.constant(1) }),
);
const ruleArb = fc.oneof({ weight: 5, arbitrary: validRule }, { weight: 1, arbitrary: invalidRule });

const definitionArb = fc.array(ruleArb, { maxLength: 3 }).chain((rules) =>
  fc.record({
    version: fc.constant(1),
    root: fc.record({
      id: fc.constant("root"),
      type: fc.constant("group"),
      combinator: fc.constantFrom("and", "or"),
      negate: fc.boolean(),
      children: fc.constant(rules.map((r, i) => ({ id: `n${i}`, ...r }))),
    }),
  }),
);

/** Replaces values at random places in a tree with anything JSON can hold (and a few things it cannot). */
function mutate(value: unknown, edits: [number, unknown][]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const [pick, replacement] of edits) {
    const slots: [Record<string, unknown> | unknown[], string | number][] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) {
        node.forEach((v, i) => {
          slots.push([node, i]);
          walk(v);
        });
      } else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
          slots.push([node as Record<string, unknown>, k]);
          walk(v);
        }
      }
    };
    walk(copy);
    const slot = slots[pick % Math.max(slots.length, 1)];
    if (slot) (slot[0] as Record<string | number, unknown>)[slot[1]] = replacement;
  }
  return copy;
}

const oddValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), sqlish, fc.constantFrom<unknown>(...WEIRD_NUMBERS, Number.NaN, Infinity, undefined, null, [], {}, "2024-02-30", "group", "segment"));
const inputArb = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
  { weight: 3, arbitrary: definitionArb },
  { weight: 4, arbitrary: fc.tuple(definitionArb, fc.array(fc.tuple(fc.nat(), oddValue), { minLength: 1, maxLength: 3 })).map(([d, edits]) => mutate(d, edits)) },
);

/** Runs one input; fails the test on anything but a definition error or a correct answer. */
async function check(input: unknown): Promise<"error" | "result"> {
  try {
    const result = await countSegment(workspaceId, input, { now: NOW, sampleSize: 100 });
    const definition = parseSegmentDefinition(input);
    const ctx = await loadSegmentContext(workspaceId, definition, { now: NOW });
    const evalCtx = { timezone: ctx.timezone, now: NOW, productCategories: data.productCategories, segments: ctx.segments, staticMembers: new Map() };
    const expected = data.records.filter((r) => evaluateSegment(definition, r, evalCtx)).map((r) => r.customer.id);
    expect(result.sample.map((s) => s.customerId)).toEqual(expected);
    const explained = await explainSegment(workspaceId, input, data.records[0]!.customer.id, { now: NOW });
    expect(explained.matches).toBe(expected.includes(data.records[0]!.customer.id));
    return "result";
  } catch (err) {
    if (isSegmentDefinitionError(err)) {
      expect(err.issues.length).toBeGreaterThan(0);
      expect(err.message.length).toBeGreaterThan(0);
      return "error";
    }
    throw err;
  }
}

describe("segment definitions from hostile input", () => {
  it("random, malformed and injected definitions get a clear error or a correct answer, and change nothing", async () => {
    const before = [await fingerprint(workspaceId), await fingerprint(bystanderId)];
    const outcomes = { error: 0, result: 0 };
    await fc.assert(
      fc.asyncProperty(inputArb, async (input) => {
        outcomes[await check(input)] += 1;
      }),
      { numRuns: 400 },
    );
    // Both outcomes must be exercised, or the generator has stopped testing one of them.
    expect(outcomes.error).toBeGreaterThan(60);
    expect(outcomes.result).toBeGreaterThan(60);
    expect([await fingerprint(workspaceId), await fingerprint(bystanderId)]).toEqual(before);
  });

  it("binds every hostile string in every text position of the rule language", async () => {
    const before = await fingerprint(workspaceId);
    const positions: ((v: string) => Record<string, unknown>)[] = [
      ...["equals", "notEquals", "contains", "notContains", "startsWith"].map((op) => (v: string) => ({ type: "attribute", field: "email", match: { op, value: v } })),
      (v) => ({ type: "attribute", field: "country", match: { op: "in", values: [v, "FR"] } }),
      ...["string", "number", "boolean", "date"].map((valueType) => (v: string) => ({ type: "customAttribute", key: v || "k", valueType, match: { op: "isSet" } })),
      (v) => ({ type: "customAttribute", key: "plan", valueType: "string", match: { op: "equals", value: v } }),
      (v) => ({ type: "metric", metric: "rfmSegment", match: { op: "notIn", values: [v] } }),
      (v) => ({ type: "event", eventType: v || "view", window: { kind: "ever" }, match: { op: "gte", value: 1 } }),
      (v) => ({ type: "event", eventType: "view", property: { key: v || "page", value: v }, window: { kind: "ever" }, match: { op: "lte", value: 0 } }),
      (v) => ({ type: "purchase", target: { by: "category", categories: [v] }, window: { kind: "ever" }, match: { op: "gte", value: 1 } }),
    ];
    const values = SQLISH.filter((v) => v.length <= 200 && !v.includes("\u0000") && v !== "\ud800");
    let ran = 0;
    for (const position of positions) {
      for (const value of values) {
        expect(await check({ version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "n", ...position(value) }] } })).toBe("result");
        ran += 1;
      }
    }
    expect(ran).toBe(positions.length * values.length);
    expect(await fingerprint(workspaceId)).toEqual(before);
  });

  it("refuses extreme shapes with a named limit instead of failing", async () => {
    let deep: Record<string, unknown> = { id: "leaf", type: "group", combinator: "and", children: [] };
    for (let i = 0; i < 50_000; i++) deep = { id: `g${i}`, type: "group", combinator: "or", children: [deep] };
    const cyclic: Record<string, unknown> = { id: "loop", type: "group", combinator: "and", children: [] };
    (cyclic.children as unknown[]).push(cyclic);
    const wide = { id: "root", type: "group", combinator: "or", children: Array.from({ length: 201 }, (_, i) => ({ id: `c${i}`, type: "attribute", field: "country", match: { op: "isSet" } })) };
    const list = (n: number) => ({ id: "r", type: "attribute", field: "email", match: { op: "in", values: Array.from({ length: n }, (_, i) => `v${i}@example.com`) } });
    const manyLists = { id: "root", type: "group", combinator: "or", children: Array.from({ length: 6 }, (_, i) => ({ ...list(10_000), id: `l${i}` })) };

    const cases: [unknown, RegExp][] = [
      [{ version: 1, root: deep }, /nest at most 8/],
      [{ version: 1, root: cyclic }, /used twice|at most 200/],
      [{ version: 1, root: wide }, /at most 200 rules/],
      [{ version: 1, root: { id: "root", type: "group", combinator: "and", children: [list(10_001)] } }, /limited to 10000 values/],
      [{ version: 1, root: manyLists }, /at most 50000 list values/],
    ];
    for (const [input, message] of cases) {
      const err = await countSegment(workspaceId, input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSegmentDefinitionError(err), String(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
    // The largest allowed list still runs.
    const ok = await countSegment(workspaceId, { version: 1, root: { id: "root", type: "group", combinator: "and", children: [list(10_000)] } });
    expect(ok.size).toBe(0);
  });

  it("reads malformed JSON text as a validation error", () => {
    for (const text of ["", "{", "[1,2", "{\"version\":1,\"root\":", "nul", "\u0000"]) {
      try {
        parseSegmentDefinitionJson(text);
        expect.unreachable();
      } catch (err) {
        expect(isSegmentDefinitionError(err) && isAppError(err) && err.code === "VALIDATION").toBe(true);
      }
    }
  });
});
