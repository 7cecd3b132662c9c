import type { AggregateMatch, ConditionNode, Match, SegmentNode, TimeWindow } from "./definition.schema.ts";
import { fieldKeyOf, fieldOption, matchTarget, type Unit } from "./field-catalog.ts";
import { AGGREGATE_OP_LABELS, OP_LABELS } from "./operator-labels.ts";

export interface DescribeOptions {
  currency: string;
  segmentNames?: ReadonlyMap<number, string>;
  productNames?: ReadonlyMap<number, string>;
  /** Value cluster number → its name in the latest clusters run. */
  clusterNames?: ReadonlyMap<number, string>;
}

function formatNumber(value: number, unit: Unit | undefined, currency: string): string {
  if (!Number.isFinite(value)) return "?";
  switch (unit) {
    case "currency":
      return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 2 }).format(value);
    case "probability":
      return `${Number((value * 100).toFixed(6))}%`;
    case "days":
      return `${value} ${value === 1 ? "day" : "days"}`;
    case "orders":
      return `${value} ${value === 1 ? "order" : "orders"}`;
    case "purchases":
      return `${value} ${value === 1 ? "purchase" : "purchases"}`;
    case "times":
      return `${value} ${value === 1 ? "time" : "times"}`;
    default:
      return String(value);
  }
}

function formatScalar(value: string | number | boolean, unit: Unit | undefined, currency: string): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return formatNumber(value, unit, currency);
  return `“${value}”`;
}

function describeMatch(match: Match, unit: Unit | undefined, currency: string): string {
  const op = OP_LABELS[match.op];
  switch (match.op) {
    case "isSet":
    case "isNotSet":
      return op;
    case "in":
    case "notIn": {
      const shown = match.values.slice(0, 5).map((v) => formatScalar(v, unit, currency));
      const more = match.values.length > 5 ? ` and ${match.values.length - 5} more` : "";
      return `${op} ${shown.join(", ")}${more}`;
    }
    case "between":
      return `between ${formatNumber(match.min, unit, currency)} and ${formatNumber(match.max, unit, currency)}`;
    case "betweenDates":
      return `between ${match.from} and ${match.to}`;
    case "withinLastDays":
      return `in the last ${formatNumber(match.days, "days", currency)}`;
    case "moreThanDaysAgo":
      return `more than ${formatNumber(match.days, "days", currency)} ago`;
    default:
      return `${op} ${formatScalar(match.value, unit, currency)}`;
  }
}

function describeAggregate(match: AggregateMatch, unit: Unit, currency: string): string {
  if (match.op === "between") return `between ${formatNumber(match.min, undefined, currency)} and ${formatNumber(match.max, unit, currency)}`;
  return `${AGGREGATE_OP_LABELS[match.op]} ${formatNumber(match.value, unit, currency)}`;
}

export function describeWindow(window: TimeWindow): string {
  switch (window.kind) {
    case "ever":
      return "at any time";
    case "lastDays":
      return `in the last ${window.days} ${window.days === 1 ? "day" : "days"}`;
    case "between":
      return `between ${window.from} and ${window.to}`;
  }
}

/** One rule as a sentence a marketer reads ("Country is any of “US”, “DE”"). */
export function describeCondition(node: ConditionNode, options: DescribeOptions): string {
  const { currency } = options;
  const label = fieldOption(fieldKeyOf(node))?.label ?? node.type;
  const unit = matchTarget(node).unit;
  switch (node.type) {
    case "attribute":
    case "metric":
      return `${label} ${describeMatch(node.match, unit, currency)}`;
    case "customAttribute":
      return `Attribute “${node.key}” ${describeMatch(node.match, undefined, currency)}`;
    case "orders":
      return `${node.measure === "revenue" ? "Spent" : "Placed"} ${describeAggregate(node.match, unit ?? "orders", currency)} ${describeWindow(node.window)}`;
    case "purchase": {
      const what =
        node.target.by === "category"
          ? `from ${node.target.categories.map((c) => `“${c}”`).join(", ")}`
          : node.target.productIds.map((id) => `“${options.productNames?.get(id) ?? `product ${id}`}”`).join(", ");
      return `Bought ${what} ${describeAggregate(node.match, "times", currency)} ${describeWindow(node.window)}`;
    }
    case "event": {
      const prop = node.property ? ` with ${node.property.key} = ${formatScalar(node.property.value, undefined, currency)}` : "";
      return `Did “${node.eventType}”${prop} ${describeAggregate(node.match, "times", currency)} ${describeWindow(node.window)}`;
    }
    case "segment":
      return `Member of segment “${options.segmentNames?.get(node.segmentId) ?? `#${node.segmentId}`}”`;
    case "campaign":
      return `Campaign ${node.campaignId}: ${node.action}`;
    case "cluster":
      return `In value cluster ${node.clusters.map((c) => `“${options.clusterNames?.get(c) ?? `Cluster ${c + 1}`}”`).join(" or ")}`;
    case "recommendedCategory": {
      const top = node.withinTop ?? 1;
      const within = top === 1 ? "as the top recommendation" : `within the top ${top} recommendations`;
      return `${label} ${node.op === "is" ? "is" : "is not"} “${node.category}” ${within}`;
    }
  }
}

export function describeNode(node: SegmentNode, options: DescribeOptions): string {
  if (node.type === "group") {
    const n = node.children.length;
    const base = n === 0 ? "Empty group" : `${node.combinator === "and" ? "All" : "Any"} of ${n} ${n === 1 ? "rule" : "rules"}`;
    return node.negate ? `Not: ${base.toLowerCase()}` : base;
  }
  const text = describeCondition(node, options);
  return node.negate ? `Not: ${text}` : text;
}
