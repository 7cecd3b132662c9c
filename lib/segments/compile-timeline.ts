import { aggregateMatchesZero, compileAggregateMatch, existenceTest, windowBounds } from "./compile-match.ts";
import type { CompileState } from "./compile-state.ts";
import type { AggregateMatch, EventCondition, OrdersCondition, PurchaseCondition, TimeWindow } from "./definition.schema.ts";

/**
 * Behaviour rules over the per-customer timelines (migration
 * 20261123060000, docs/segments.md "Behaviour timelines"): each customer's
 * counted orders, category purchases and events as ascending timestamp
 * arrays. `width_bucket(t, arr)` is a binary search returning how many
 * elements are <= t, so the rows inside a window are positions lo+1..hi and
 * their count is hi - lo; revenue is a difference of running totals. One
 * short row per customer replaces grouping every order of the window.
 */

/**
 * The window as two instants for `width_bucket` (which counts elements <= t):
 * elements <= `before` precede it, elements <= `upTo` are at most at its end.
 * Timestamps have microsecond resolution, so "t < x" is "t <= x - 1 µs".
 * Null for `ever`.
 */
function windowEdges(state: CompileState, window: TimeWindow): { before: string; upTo: string } | null {
  const bounds = windowBounds(state, window);
  if (!bounds) return null;
  const { from, to } = bounds;
  return {
    before: from.inclusive ? `(${from.at} - interval '1 microsecond')` : from.at,
    upTo: to.inclusive ? to.at : `(${to.at} - interval '1 microsecond')`,
  };
}

/** Positions bounding the window in a sorted array column: (lo, hi], with hi >= lo even when the window is empty or reversed. */
function positions(state: CompileState, arrayCol: string, window: TimeWindow): { lo: string; hi: string } | null {
  const edges = windowEdges(state, window);
  if (!edges) return null;
  const lo = `width_bucket(${edges.before}, ${arrayCol})`;
  return { lo, hi: `GREATEST(width_bucket(${edges.upTo}, ${arrayCol}), ${lo})` };
}

function countInWindow(state: CompileState, arrayCol: string, window: TimeWindow): string {
  const edges = windowEdges(state, window);
  if (!edges) return `cardinality(${arrayCol})`;
  // A reversed window (from after to) holds nothing.
  return `GREATEST(width_bucket(${edges.upTo}, ${arrayCol}) - width_bucket(${edges.before}, ${arrayCol}), 0)`;
}

/**
 * A per-customer count or sum compared with a number, over the customer's
 * timeline row(s). Customers without a row have a count and a sum of 0:
 * when 0 satisfies the comparison, the rule is "no row fails it", an
 * anti-join; otherwise a semi-join. Either way Postgres hashes the matching
 * rows once against the customers.
 */
function timelineTest(state: CompileState, from: string, alias: string, where: string, expr: string, match: AggregateMatch, measure: "count" | "amount" = "count"): string {
  const zeroMatches = aggregateMatchesZero(match);
  const test = compileAggregateMatch(state, expr, match, measure);
  return `(${zeroMatches ? "NOT " : ""}EXISTS (SELECT 1 FROM ${from} ${alias} WHERE ${alias}.workspace_id = ${state.workspaceParam} AND ${alias}.customer_id = c.id${where} AND ${zeroMatches ? `NOT ${test}` : test}))`;
}

/** Order count or revenue in a window. */
export function ordersTimelineSql(state: CompileState, cond: OrdersCondition): string {
  if (cond.measure === "count") return timelineTest(state, "customer_order_timeline", "ot", "", countInWindow(state, "ot.placed_at", cond.window), cond.match);
  const p = positions(state, "ot.placed_at", cond.window);
  // Running totals in cents: element k + 1 is the sum of the first k orders.
  const cents = p ? `(ot.revenue_cents[${p.hi} + 1] - ot.revenue_cents[${p.lo} + 1])` : "ot.revenue_cents[cardinality(ot.revenue_cents)]";
  return timelineTest(state, "customer_order_timeline", "ot", "", `(${cents}::numeric / 100)`, cond.match, "amount");
}

/**
 * Purchases of categories in a window, or null when the timelines cannot
 * answer it: a count other than "at least once" / "never" over several
 * categories would count an order holding two of them twice.
 */
export function purchaseTimelineSql(state: CompileState, cond: PurchaseCondition): string | null {
  if (cond.target.by !== "category") return null;
  const categories = cond.target.categories;
  const existence = existenceTest(cond.match);
  if (categories.length === 1) {
    const where = ` AND ct.category = ${state.params.add(categories[0], "text")}`;
    return timelineTest(state, "customer_category_timeline", "ct", where, countInWindow(state, "ct.placed_at", cond.window), cond.match);
  }
  if (!existence) return null;
  // "At least one order with any of them" is "at least one in some category".
  const where = ` AND ct.category = ANY(${state.params.add(categories, "text[]")})`;
  return timelineTest(state, "customer_category_timeline", "ct", where, countInWindow(state, "ct.placed_at", cond.window), {
    op: existence === "exists" ? "gte" : "lt",
    value: 1,
  });
}

/** Events of a type in a window, or null when a property filter needs the events themselves. */
export function eventTimelineSql(state: CompileState, cond: EventCondition): string | null {
  if (cond.property) return null;
  const where = ` AND et.type = ${state.params.add(cond.eventType, "text")}`;
  return timelineTest(state, "customer_event_timeline", "et", where, countInWindow(state, "et.occurred_at", cond.window), cond.match);
}
