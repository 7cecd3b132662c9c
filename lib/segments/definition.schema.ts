import { z } from "zod";
import { isDateValue } from "./date-values.ts";
import {
  BUILTIN_FIELDS,
  METRIC_FIELDS,
  OPS_BY_KIND,
  type BuiltinField,
  type MetricField,
  type ValueKind,
} from "./fields.ts";
import { CATEGORY_OFFERS_KEPT } from "../recommendations/category-offer-limit.ts";

/**
 * The segment rule tree: `{ version: 1, root: Group }`. Groups combine their
 * children with "and" / "or"; any node can be negated; every node carries a
 * client id so errors (and the explain view) can point at it.
 * Semantics are documented in docs/segments.md.
 */
export const SEGMENT_LIMITS = {
  /** Group nesting, counting the root as level 1. */
  maxDepth: 8,
  /** Groups plus conditions in one definition. */
  maxNodes: 200,
  maxListValues: 10_000,
  /** Values across every in-list / product list in one definition. */
  maxTotalListValues: 50_000,
  maxStringLength: 1_000,
  maxKeyLength: 200,
  maxDays: 36_500,
  maxAbsNumber: 1e15,
  maxCount: 1_000_000,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Postgres text cannot hold NUL, and a lone surrogate would be re-encoded on the
// way in; both would make the database and the evaluator disagree.
function safeText(max: number) {
  return z
    .string()
    .max(max, `Text is limited to ${max} characters`)
    .refine((s) => !s.includes("\u0000") && !LONE_SURROGATE.test(s), "Text must be valid Unicode without NUL characters");
}

const text = safeText(SEGMENT_LIMITS.maxStringLength);
const key = safeText(SEGMENT_LIMITS.maxKeyLength).min(1, "A key is required");
const num = z
  .number()
  .min(-SEGMENT_LIMITS.maxAbsNumber, "Number is too large")
  .max(SEGMENT_LIMITS.maxAbsNumber, "Number is too large");
const days = z.number().int("Days must be a whole number").min(1, "Days must be at least 1").max(SEGMENT_LIMITS.maxDays);
const dateValue = z
  .string()
  .max(40)
  .refine(isDateValue, 'Expected a date "YYYY-MM-DD" (years 1900-2999) or a date-time with offset such as "2024-05-01T09:30:00Z"');
const dayValue = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date "YYYY-MM-DD"').refine(isDateValue, "Not a valid calendar date");
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .min(1, "Choose at least one value")
    .max(SEGMENT_LIMITS.maxListValues, `Lists are limited to ${SEGMENT_LIMITS.maxListValues} values`);
const nodeId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, "Node ids use letters, digits and _ . : - only");
const scalar = z.union([text, num, z.boolean()]);

const between = z
  .strictObject({ op: z.literal("between"), min: num, max: num })
  .refine((m) => m.min <= m.max, { message: "The lower bound must not exceed the upper bound", path: ["max"] });

export const matchSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("equals"), value: scalar }),
  z.strictObject({ op: z.literal("notEquals"), value: scalar }),
  z.strictObject({ op: z.literal("in"), values: list(z.union([text, num])) }),
  z.strictObject({ op: z.literal("notIn"), values: list(z.union([text, num])) }),
  z.strictObject({ op: z.literal("contains"), value: text }),
  z.strictObject({ op: z.literal("notContains"), value: text }),
  z.strictObject({ op: z.literal("startsWith"), value: text }),
  z.strictObject({ op: z.literal("gt"), value: num }),
  z.strictObject({ op: z.literal("gte"), value: num }),
  z.strictObject({ op: z.literal("lt"), value: num }),
  z.strictObject({ op: z.literal("lte"), value: num }),
  between,
  z.strictObject({ op: z.literal("before"), value: dateValue }),
  z.strictObject({ op: z.literal("after"), value: dateValue }),
  z.strictObject({ op: z.literal("on"), value: dayValue }),
  z.strictObject({ op: z.literal("betweenDates"), from: dateValue, to: dateValue }),
  z.strictObject({ op: z.literal("withinLastDays"), days }),
  z.strictObject({ op: z.literal("moreThanDaysAgo"), days }),
  z.strictObject({ op: z.literal("isSet") }),
  z.strictObject({ op: z.literal("isNotSet") }),
]);
export type Match = z.infer<typeof matchSchema>;

/** Comparisons on behaviour aggregates: counts and amounts. */
export const aggregateMatchSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("equals"), value: num }),
  z.strictObject({ op: z.literal("notEquals"), value: num }),
  z.strictObject({ op: z.literal("gt"), value: num }),
  z.strictObject({ op: z.literal("gte"), value: num }),
  z.strictObject({ op: z.literal("lt"), value: num }),
  z.strictObject({ op: z.literal("lte"), value: num }),
  between,
]);
export type AggregateMatch = z.infer<typeof aggregateMatchSchema>;

export const windowSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("ever") }),
  z.strictObject({ kind: z.literal("lastDays"), days }),
  z.strictObject({ kind: z.literal("between"), from: dateValue, to: dateValue }),
]);
export type TimeWindow = z.infer<typeof windowSchema>;

function checkMatchForKind(match: Match, kind: ValueKind, ctx: z.RefinementCtx): void {
  if (!OPS_BY_KIND[kind].includes(match.op)) {
    ctx.addIssue({ code: "custom", path: ["match", "op"], message: `Operator "${match.op}" does not apply to a ${kind} value` });
    return;
  }
  const expected = kind === "date" ? null : kind;
  if ((match.op === "equals" || match.op === "notEquals") && expected && typeof match.value !== expected) {
    ctx.addIssue({ code: "custom", path: ["match", "value"], message: `Expected a ${expected} value` });
  }
  if ((match.op === "in" || match.op === "notIn") && expected && match.values.some((v) => typeof v !== expected)) {
    ctx.addIssue({ code: "custom", path: ["match", "values"], message: `Every value in the list must be a ${expected}` });
  }
}

function checkCountMatch(match: AggregateMatch, ctx: z.RefinementCtx): void {
  const values = match.op === "between" ? [match.min, match.max] : [match.value];
  if (values.some((v) => !Number.isInteger(v) || v < 0 || v > SEGMENT_LIMITS.maxCount)) {
    ctx.addIssue({ code: "custom", path: ["match"], message: `Counts are whole numbers from 0 to ${SEGMENT_LIMITS.maxCount}` });
  }
}

const base = { id: nodeId, negate: z.boolean().optional() };
const builtinFieldNames = Object.keys(BUILTIN_FIELDS) as [BuiltinField, ...BuiltinField[]];
const metricFieldNames = Object.keys(METRIC_FIELDS) as [MetricField, ...MetricField[]];

export const attributeConditionSchema = z
  .strictObject({ ...base, type: z.literal("attribute"), field: z.enum(builtinFieldNames), match: matchSchema })
  .superRefine((c, ctx) => checkMatchForKind(c.match, BUILTIN_FIELDS[c.field], ctx));

export const customAttributeConditionSchema = z
  .strictObject({
    ...base,
    type: z.literal("customAttribute"),
    key,
    valueType: z.enum(["string", "number", "boolean", "date"]),
    match: matchSchema,
  })
  .superRefine((c, ctx) => checkMatchForKind(c.match, c.valueType, ctx));

export const metricConditionSchema = z
  .strictObject({ ...base, type: z.literal("metric"), metric: z.enum(metricFieldNames), match: matchSchema })
  .superRefine((c, ctx) => checkMatchForKind(c.match, METRIC_FIELDS[c.metric], ctx));

export const ordersConditionSchema = z
  .strictObject({
    ...base,
    type: z.literal("orders"),
    measure: z.enum(["count", "revenue"]),
    window: windowSchema,
    match: aggregateMatchSchema,
  })
  .superRefine((c, ctx) => {
    if (c.measure === "count") checkCountMatch(c.match, ctx);
  });

export const purchaseConditionSchema = z
  .strictObject({
    ...base,
    type: z.literal("purchase"),
    target: z.discriminatedUnion("by", [
      z.strictObject({ by: z.literal("product"), productIds: list(z.number().int().min(1).max(2_147_483_647)) }),
      z.strictObject({ by: z.literal("category"), categories: list(text) }),
    ]),
    window: windowSchema,
    match: aggregateMatchSchema,
  })
  .superRefine((c, ctx) => checkCountMatch(c.match, ctx));

export const eventConditionSchema = z
  .strictObject({
    ...base,
    type: z.literal("event"),
    eventType: key,
    property: z.strictObject({ key, value: scalar }).optional(),
    window: windowSchema,
    match: aggregateMatchSchema,
  })
  .superRefine((c, ctx) => checkCountMatch(c.match, ctx));

/** In the schema now so saved definitions keep their shape; the compiler refuses it until campaigns exist. */
export const campaignConditionSchema = z.strictObject({
  ...base,
  type: z.literal("campaign"),
  action: z.enum(["received", "opened", "clicked"]),
  campaignId: z.number().int().min(1).max(2_147_483_647),
  window: windowSchema.optional(),
});

export const segmentConditionSchema = z.strictObject({
  ...base,
  type: z.literal("segment"),
  segmentId: z.number().int().min(1).max(2_147_483_647),
});

/**
 * In one of the value clusters of the latest clusters run (cluster numbers as
 * stored, 0 = the largest). A re-run may regroup customers: the rule follows
 * the latest run's clusters (docs/value-drivers.md).
 */
export const clusterConditionSchema = z.strictObject({
  ...base,
  type: z.literal("cluster"),
  clusters: z.array(z.number().int().min(0).max(99)).min(1, "Choose at least one cluster").max(100),
});

/**
 * "Recommended category is (not) X within the top N": X among the first N
 * categories the last recommendations build offers the customer (N from 1 to
 * CATEGORY_OFFERS_KEPT, 1 when absent: the customer's top suggestion). A
 * customer without category history is offered the popular categories, as
 * the lookup does. "isNot" is the exact negation of "is"
 * (docs/recommendations.md, docs/segments.md).
 */
export const recommendedCategoryConditionSchema = z
  .strictObject({
    ...base,
    type: z.literal("recommendedCategory"),
    op: z.enum(["is", "isNot"]).meta({ description: '"isNot" is the exact negation of "is".' }),
    category: text.min(1, "Choose a category").meta({ description: "A category path of the workspace's products, as imported; an unknown one is refused (422 naming the rule)." }),
    withinTop: z
      .number()
      .int("The top N is a whole number")
      .min(1, `The top N is from 1 to ${CATEGORY_OFFERS_KEPT}`)
      .max(CATEGORY_OFFERS_KEPT, `The top N is from 1 to ${CATEGORY_OFFERS_KEPT}`)
      .optional()
      .meta({ description: `Match the category among the customer's first N recommended categories (1 to ${CATEGORY_OFFERS_KEPT}); 1 when absent.` }),
  })
  .meta({
    description:
      "The category is (or is not) among the customer's top recommended categories as of the last recommendations build " +
      "(categories new to the customer, ranked by co-purchase with what they bought; customers without category history get the most popular categories). " +
      "Changes with each build, not with each order.",
  });

// The base fields are written out here: a spread inside a recursive schema defeats TypeScript's inference.
export const groupSchema = z.strictObject({
  id: nodeId,
  negate: z.boolean().optional(),
  type: z.literal("group"),
  combinator: z.enum(["and", "or"]),
  get children(): z.ZodArray<typeof nodeSchema> {
    return z.array(nodeSchema).max(SEGMENT_LIMITS.maxNodes, `A definition has at most ${SEGMENT_LIMITS.maxNodes} rules`);
  },
});

export const nodeSchema: z.ZodDiscriminatedUnion<
  [
    typeof groupSchema,
    typeof attributeConditionSchema,
    typeof customAttributeConditionSchema,
    typeof metricConditionSchema,
    typeof ordersConditionSchema,
    typeof purchaseConditionSchema,
    typeof eventConditionSchema,
    typeof campaignConditionSchema,
    typeof segmentConditionSchema,
    typeof clusterConditionSchema,
    typeof recommendedCategoryConditionSchema,
  ]
> = z.discriminatedUnion("type", [
  groupSchema,
  attributeConditionSchema,
  customAttributeConditionSchema,
  metricConditionSchema,
  ordersConditionSchema,
  purchaseConditionSchema,
  eventConditionSchema,
  campaignConditionSchema,
  segmentConditionSchema,
  clusterConditionSchema,
  recommendedCategoryConditionSchema,
]);

export type SegmentNode = z.infer<typeof nodeSchema>;
export type GroupNode = z.infer<typeof groupSchema>;
export type ConditionNode = Exclude<SegmentNode, GroupNode>;
export type AttributeCondition = z.infer<typeof attributeConditionSchema>;
export type CustomAttributeCondition = z.infer<typeof customAttributeConditionSchema>;
export type MetricCondition = z.infer<typeof metricConditionSchema>;
export type OrdersCondition = z.infer<typeof ordersConditionSchema>;
export type PurchaseCondition = z.infer<typeof purchaseConditionSchema>;
export type EventCondition = z.infer<typeof eventConditionSchema>;
export type CampaignCondition = z.infer<typeof campaignConditionSchema>;
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;
export type ClusterCondition = z.infer<typeof clusterConditionSchema>;
export type RecommendedCategoryCondition = z.infer<typeof recommendedCategoryConditionSchema>;

type RawNode = { node: unknown; depth: number; path: (string | number)[] };

/**
 * Runs before the tree is parsed, without recursion, so a hostile payload
 * (thousands of nested groups, a cyclic object) is refused with a clear
 * message instead of exhausting the stack inside the recursive schema.
 */
function checkTreeShape(input: unknown, ctx: z.RefinementCtx): void {
  if (typeof input !== "object" || input === null || !("root" in input)) return;
  const stack: RawNode[] = [{ node: (input as { root: unknown }).root, depth: 1, path: ["root"] }];
  let nodes = 0;
  let listValues = 0;
  const seenIds = new Set<string>();
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    nodes += 1;
    if (nodes > SEGMENT_LIMITS.maxNodes) {
      ctx.addIssue({ code: "custom", path, message: `A definition has at most ${SEGMENT_LIMITS.maxNodes} rules` });
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.id === "string") {
      if (seenIds.has(record.id)) ctx.addIssue({ code: "custom", path: [...path, "id"], message: `Node id "${record.id.slice(0, 64)}" is used twice` });
      seenIds.add(record.id);
    }
    for (const holder of [record.match, record.target]) {
      if (typeof holder !== "object" || holder === null) continue;
      for (const field of ["values", "productIds", "categories"]) {
        const arr = (holder as Record<string, unknown>)[field];
        if (Array.isArray(arr)) listValues += arr.length;
      }
    }
    if (listValues > SEGMENT_LIMITS.maxTotalListValues) {
      ctx.addIssue({ code: "custom", path, message: `A definition holds at most ${SEGMENT_LIMITS.maxTotalListValues} list values in total` });
      return;
    }
    if (record.type === "group" && Array.isArray(record.children)) {
      if (depth >= SEGMENT_LIMITS.maxDepth && record.children.some((c) => typeof c === "object" && c !== null && (c as { type?: unknown }).type === "group")) {
        ctx.addIssue({ code: "custom", path, message: `Groups nest at most ${SEGMENT_LIMITS.maxDepth} levels deep` });
        return;
      }
      record.children.forEach((child, i) => stack.push({ node: child, depth: depth + 1, path: [...path, "children", i] }));
    }
  }
}

const definitionShape = z.strictObject({ version: z.literal(1), root: groupSchema });

/** The one schema for a saved segment definition. */
export const segmentDefinitionSchema = z.unknown().superRefine(checkTreeShape).pipe(definitionShape);
export type SegmentDefinition = z.infer<typeof definitionShape>;
