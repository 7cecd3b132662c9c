import { CompileState, MAX_COMPILED_NODES, type SegmentCompileContext } from "./compile-state.ts";
import { aggregateMatchesZero, compileAggregateMatch, compileMatch, compileWindow, existenceTest, numberMatchAcceptsZero, type NumberCast } from "./compile-match.ts";
import { CATEGORY_OFFER_JOIN, offeredCategoriesText, recommendedCategorySql } from "./compile-recommended-category.ts";
import { eventTimelineSql, ordersTimelineSql, purchaseTimelineSql } from "./compile-timeline.ts";
import { DATE_VALUE_PATTERN } from "./date-values.ts";
import type {
  AggregateMatch,
  ConditionNode,
  CustomAttributeCondition,
  EventCondition,
  PurchaseCondition,
  SegmentCondition,
  SegmentDefinition,
  Match,
  SegmentNode,
  TimeWindow,
} from "./definition.schema.ts";
import { BUILTIN_FIELDS, METRIC_FIELDS, type BuiltinField, type MetricField } from "./fields.ts";
import { SegmentDefinitionError } from "./segment-definition-error.ts";
import { SqlParams } from "./sql-params.ts";

export type { ReferencedSegment, SegmentCompileContext } from "./compile-state.ts";

/** The only column expressions a rule can reach; `c` is the customer row. */
export const BUILTIN_SQL: Record<BuiltinField, string> = {
  externalId: "c.external_id",
  email: "c.email",
  phone: "c.phone",
  firstName: "c.first_name",
  lastName: "c.last_name",
  // char(2): the cast drops blank padding, so "US" compares as typed.
  country: "c.country::text",
  city: "c.city",
  timezone: "c.timezone",
  acquisitionChannel: "c.acquisition_channel",
  signedUpAt: "c.signed_up_at",
  createdAt: "c.created_at",
  emailConsent: "c.email_consent",
  smsConsent: "c.sms_consent",
  pushConsent: "c.push_consent",
};

/**
 * `m` is the customer's metrics row, absent until the analytics worker has
 * run: no row reads as 0 orders, 0 revenue (`missingAsZero`) and NULL scores.
 * A column that depends on the day of evaluation is a function of the state.
 */
const METRIC_SQL: Record<MetricField, { sql: string | ((state: CompileState) => string); cast: NumberCast; missingAsZero?: true }> = {
  rScore: { sql: "m.r_score", cast: "numeric" },
  fScore: { sql: "m.f_score", cast: "numeric" },
  mScore: { sql: "m.m_score", cast: "numeric" },
  rfmSegment: { sql: "m.rfm_segment", cast: "numeric" },
  recencyDays: { sql: "m.recency_days", cast: "numeric" },
  predictedClv12m: { sql: "m.predicted_clv_12m", cast: "float8" },
  pAlive: { sql: "m.p_alive", cast: "float8" },
  expectedPurchases90d: { sql: "m.expected_purchases_90d", cast: "float8" },
  expectedPurchases365d: { sql: "m.expected_purchases_365d", cast: "float8" },
  churnRiskBand: { sql: "m.churn_risk_band", cast: "numeric" },
  purchaseProbability7d: { sql: "m.purchase_probability_7d", cast: "float8" },
  purchaseProbability14d: { sql: "m.purchase_probability_14d", cast: "float8" },
  purchaseProbability30d: { sql: "m.purchase_probability_30d", cast: "float8" },
  // Whole days from the due day to today in the workspace zone; negative while not yet due (docs/next-purchase.md).
  nextPurchaseOverdueDays: { sql: (state) => `((${state.now()} AT TIME ZONE ${state.timezone()})::date - m.next_purchase_due_on)`, cast: "numeric" },
  orderCount: { sql: "m.order_count", cast: "numeric", missingAsZero: true },
  revenue: { sql: "m.revenue", cast: "numeric", missingAsZero: true },
  averageOrderValue: { sql: "m.average_order_value", cast: "numeric" },
  firstOrderAt: { sql: "m.first_order_at", cast: "numeric" },
  lastOrderAt: { sql: "m.last_order_at", cast: "numeric" },
};

/**
 * A JSONB attribute read as one type; a value of another JSON type (or, for
 * dates, a string that is not an accepted date) reads as not set.
 */
function customAttributeSql(state: CompileState, cond: CustomAttributeCondition): string {
  const key = state.params.add(cond.key, "text");
  const json = `c.attributes -> ${key}`;
  const text = `(c.attributes ->> ${key})`;
  switch (cond.valueType) {
    case "string":
      return `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN ${text} END)`;
    case "number":
      return `(CASE WHEN jsonb_typeof(${json}) = 'number' THEN ${text}::numeric END)`;
    case "boolean":
      return `(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN ${text}::boolean END)`;
    case "date": {
      // Nested CASEs fix the evaluation order, so a cast only sees strings the pattern and day check accepted.
      const validDay = `substr(${text}, 9, 2)::int <= extract(day from make_date(substr(${text}, 1, 4)::int, substr(${text}, 6, 2)::int, 1) + interval '1 month - 1 day')`;
      const parsed = `CASE WHEN length(${text}) = 10 THEN (${text}::date::timestamp AT TIME ZONE ${state.timezone()}) ELSE ${text}::timestamptz END`;
      return `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN CASE WHEN ${text} ~ ${state.datePattern(DATE_VALUE_PATTERN)} THEN CASE WHEN ${validDay} THEN ${parsed} END END END)`;
    }
  }
}

/** Orders that count (not cancelled, refunded...), as the analytics count them, of any customer of the workspace. */
function countedOrders(state: CompileState, window: TimeWindow): string {
  return `o.workspace_id = ${state.workspaceParam} AND o.status <> ALL(${state.excludedOrderStatuses()})${compileWindow(state, "o.placed_at", window)}`;
}

/**
 * Rules the timelines cannot answer (product purchases, several categories
 * counted past "at least once", events filtered by a property) count the
 * source rows. "At least once" and "never" are a correlated EXISTS / NOT
 * EXISTS (a hash semi/anti-join). Other thresholds are one pass over the
 * window's rows of the whole workspace, grouped by customer, which the
 * planner hashes against the customers instead of probing an index once per
 * customer. Customers without rows have a count of 0: when 0 satisfies the
 * comparison, the rule is "not among the customers whose rows fail it", an
 * anti-join. The same holds for an unbounded window: these rows are filtered
 * (a product, a category, an event property), and one probe per customer
 * at 1M customers took 12 s for "bought product P twice, ever".
 */
function countSql(state: CompileState, from: string, where: string, customerCol: string, match: AggregateMatch): string {
  const existence = existenceTest(match);
  if (existence) return `(${existence === "exists" ? "" : "NOT "}EXISTS (SELECT 1 FROM ${from} WHERE ${where} AND ${customerCol} = c.id))`;
  const zeroMatches = aggregateMatchesZero(match);
  const test = compileAggregateMatch(state, "count(*)", match, "count");
  const grouped = `SELECT ${customerCol} AS customer_id FROM ${from} WHERE ${where} GROUP BY ${customerCol} HAVING ${zeroMatches ? `NOT ${test}` : test}`;
  return `(${zeroMatches ? "NOT " : ""}EXISTS (SELECT 1 FROM (${grouped}) agg WHERE agg.customer_id = c.id))`;
}

/**
 * Purchases are counted as orders containing at least one matching line.
 * Category rules read the category timelines where they can answer; product
 * rules (a few lines each, found through the product index) and the rest
 * read the orders and lines.
 */
function purchaseSql(state: CompileState, cond: PurchaseCondition): string {
  const fromTimeline = purchaseTimelineSql(state, cond);
  if (fromTimeline) return fromTimeline;
  const ws = state.workspaceParam;
  if (cond.target.by === "product") {
    // Driven from the products' lines (index on order_item (workspace_id, product_id)), each order once: a product's lines are few next to the window's orders.
    const purchases = `(SELECT DISTINCT o.id, o.customer_id FROM order_item oi JOIN customer_order o ON o.id = oi.order_id
      WHERE oi.workspace_id = ${ws} AND oi.product_id = ANY(${state.params.add(cond.target.productIds, "int4[]")}) AND ${countedOrders(state, cond.window)}) po`;
    return countSql(state, purchases, "TRUE", "po.customer_id", cond.match);
  }
  const itemTest = `EXISTS (SELECT 1 FROM order_item oi JOIN product p ON p.id = oi.product_id AND p.workspace_id = ${ws} WHERE oi.workspace_id = ${ws} AND oi.order_id = o.id AND p.category = ANY(${state.params.add(cond.target.categories, "text[]")}))`;
  return countSql(state, "customer_order o", `${countedOrders(state, cond.window)} AND ${itemTest}`, "o.customer_id", cond.match);
}

/** Event counts read the event timelines, except with a property filter (the timelines hold no properties). */
function eventSql(state: CompileState, cond: EventCondition): string {
  const fromTimeline = eventTimelineSql(state, cond);
  if (fromTimeline) return fromTimeline;
  let where = `e.workspace_id = ${state.workspaceParam} AND e.type = ${state.params.add(cond.eventType, "text")}`;
  where += compileWindow(state, "e.occurred_at", cond.window);
  if (cond.property) {
    where += ` AND e.properties -> ${state.params.add(cond.property.key, "text")} = ${state.params.add(JSON.stringify(cond.property.value), "jsonb")}`;
  }
  return countSql(state, "event e", where, "e.customer_id", cond.match);
}

/**
 * Static segments are read from their frozen membership; dynamic ones are
 * inlined, so the answer is always current (and a cycle cannot run forever).
 */
function segmentSql(state: CompileState, cond: SegmentCondition, outerNodeId: string, nullIsFalse: boolean): string {
  const target = state.ctx.segments.get(cond.segmentId);
  if (!target) throw SegmentDefinitionError.at(outerNodeId, `Segment ${cond.segmentId} does not exist in this workspace`);
  if (target.archived) throw SegmentDefinitionError.at(outerNodeId, `Segment "${target.name}" is archived`);
  if (target.kind === "STATIC") {
    return `EXISTS (SELECT 1 FROM segment_membership sm WHERE sm.segment_id = ${state.params.add(target.id, "int4")} AND sm.workspace_id = ${state.workspaceParam} AND sm.customer_id = c.id)`;
  }
  if (state.referenceStack.includes(target.id)) {
    throw SegmentDefinitionError.at(outerNodeId, `Segment references form a cycle through "${target.name}"`);
  }
  state.referenceStack.push(target.id);
  try {
    return compileNode(state, target.definition.root, outerNodeId, nullIsFalse) ?? "TRUE";
  } catch (err) {
    // Errors inside a referenced definition are reported once, on the rule that uses it.
    if (err instanceof SegmentDefinitionError && state.referenceStack.length === 1) {
      const reason = err.issues[0]?.message ?? err.message;
      throw SegmentDefinitionError.at(outerNodeId, `Segment "${target.name}" cannot be used: ${reason}`);
    }
    throw err;
  } finally {
    state.referenceStack.pop();
  }
}

function metricSql(state: CompileState, metric: MetricField, match: Match, nullIsFalse: boolean): string {
  state.usesMetrics = true;
  const column = METRIC_SQL[metric];
  const columnSql = typeof column.sql === "string" ? column.sql : column.sql(state);
  // A missing row is 0 orders / 0 revenue; where 0 fails the test anyway and NULL drops the row, the bare column is the same test.
  const sql = column.missingAsZero && !(nullIsFalse && !numberMatchAcceptsZero(match)) ? `COALESCE(${columnSql}, 0)` : columnSql;
  return compileMatch(state, sql, METRIC_FIELDS[metric], match, column.cast, nullIsFalse);
}

function conditionSql(state: CompileState, node: ConditionNode, outerNodeId: string | null, nullIsFalse: boolean): string {
  switch (node.type) {
    case "attribute":
      return compileMatch(state, BUILTIN_SQL[node.field], BUILTIN_FIELDS[node.field], node.match, "numeric", nullIsFalse);
    case "customAttribute":
      return compileMatch(state, customAttributeSql(state, node), node.valueType, node.match, "numeric", nullIsFalse);
    case "metric":
      return metricSql(state, node.metric, node.match, nullIsFalse);
    case "orders":
      return ordersTimelineSql(state, node);
    case "purchase":
      return purchaseSql(state, node);
    case "event":
      return eventSql(state, node);
    case "campaign":
      throw SegmentDefinitionError.at(outerNodeId ?? node.id, "Campaign conditions are not available yet");
    case "segment":
      return segmentSql(state, node, outerNodeId ?? node.id, nullIsFalse);
    case "cluster":
      // customer_feature holds the latest clusters run's cluster of each customer (one row per customer).
      return `EXISTS (SELECT 1 FROM customer_feature cf WHERE cf.customer_id = c.id AND cf.workspace_id = ${state.workspaceParam} AND cf.cluster = ANY(${state.params.add(node.clusters, "int4[]")}))`;
    case "recommendedCategory":
      return recommendedCategorySql(state, node);
  }
}

export type NodeSqlVisitor = (nodeId: string, sql: string | null) => void;

/**
 * One node to a boolean expression, or null for an empty group (an empty
 * group has no effect on its parent). `outerNodeId` is set while inlining a
 * referenced segment: errors then name the referencing rule. The expression
 * is never NULL unless `nullIsFalse`: the node is reached from the WHERE
 * clause through AND/OR only, where NULL drops a row just as false does (and
 * stays NULL, never turning true, through AND and OR).
 */
function compileNode(state: CompileState, node: SegmentNode, outerNodeId: string | null, nullIsFalse: boolean, visit?: NodeSqlVisitor): string | null {
  state.compiledNodes += 1;
  if (state.compiledNodes > MAX_COMPILED_NODES) {
    throw SegmentDefinitionError.at(outerNodeId ?? node.id, `The definition and the segments it uses exceed ${MAX_COMPILED_NODES} rules`);
  }
  const childNullIsFalse = nullIsFalse && !node.negate;
  let sql: string | null;
  if (node.type === "group") {
    const parts = node.children.map((child) => compileNode(state, child, outerNodeId, childNullIsFalse, visit)).filter((p): p is string => p !== null);
    sql = parts.length === 0 ? null : parts.length === 1 ? parts[0]! : `(${parts.join(node.combinator === "and" ? " AND " : " OR ")})`;
  } else {
    sql = conditionSql(state, node, outerNodeId, childNullIsFalse);
  }
  if (sql !== null && node.negate) sql = `(NOT ${sql})`;
  visit?.(node.id, sql);
  return sql;
}

export interface CompiledSegmentPredicate {
  /** Boolean SQL over `c` (customer) and, when `usesMetrics`, `m` (customer_metrics). */
  predicate: string;
  /** FROM clause binding `c`, `m` and `co`; pair with `WHERE c.workspace_id = $1 AND predicate`. */
  from: string;
  workspaceParam: string;
  values: unknown[];
  /** The metric column's own value for this compilation (its parameters join `values`), for showing a customer's value. */
  metricColumn: (metric: MetricField) => string;
  /**
   * The customer's recommended categories as text, for showing beside a
   * "recommended category" rule; only valid when the definition holds one (the join is then in `from`).
   */
  offeredCategories: () => string;
}

export function compileSegmentPredicate(definition: SegmentDefinition, ctx: SegmentCompileContext, visit?: NodeSqlVisitor): CompiledSegmentPredicate {
  const state = new CompileState(ctx, new SqlParams());
  // A visitor reads every node's own value (true or false), so it needs the never-NULL form throughout.
  const predicate = compileNode(state, definition.root, null, !visit, visit) ?? "TRUE";
  const ws = state.workspaceParam;
  let from = state.usesMetrics ? `customer c LEFT JOIN customer_metrics m ON m.customer_id = c.id AND m.workspace_id = ${ws}` : "customer c";
  if (state.usesCategoryOffers) from += ` ${CATEGORY_OFFER_JOIN(ws)}`;
  const metricColumn = (metric: MetricField) => {
    const column = METRIC_SQL[metric];
    return typeof column.sql === "string" ? column.sql : column.sql(state);
  };
  return { predicate, from, workspaceParam: ws, values: state.params.values, metricColumn, offeredCategories: () => offeredCategoriesText(state) };
}

export interface CompiledSegmentQuery {
  /** `SELECT c.id AS customer_id ...`: the workspace's customers matching the definition. */
  text: string;
  values: unknown[];
}

/** A definition to one parameterised query selecting the matching customer ids of the workspace. */
export function compileSegment(definition: SegmentDefinition, ctx: SegmentCompileContext): CompiledSegmentQuery {
  const { predicate, from, workspaceParam, values } = compileSegmentPredicate(definition, ctx);
  return { text: `SELECT c.id AS customer_id FROM ${from} WHERE c.workspace_id = ${workspaceParam} AND ${predicate}`, values };
}
