import type { AggregateMatch } from "./definition.schema.ts";
import type { MatchOp } from "./fields.ts";

/** How operators read in a sentence ("Country is any of …"). */
export const OP_LABELS: Record<MatchOp, string> = {
  equals: "is",
  notEquals: "is not",
  in: "is any of",
  notIn: "is none of",
  contains: "contains",
  notContains: "does not contain",
  startsWith: "starts with",
  gt: "more than",
  gte: "at least",
  lt: "less than",
  lte: "at most",
  between: "between",
  before: "before",
  after: "after",
  on: "on",
  betweenDates: "between dates",
  withinLastDays: "in the last",
  moreThanDaysAgo: "more than … days ago",
  isSet: "is known",
  isNotSet: "is unknown",
};

/** Aggregates read as counts ("at least 2 times"), so equality reads "exactly". */
export const AGGREGATE_OP_LABELS: Record<AggregateMatch["op"], string> = {
  equals: "exactly",
  notEquals: "not exactly",
  gt: "more than",
  gte: "at least",
  lt: "fewer than",
  lte: "at most",
  between: "between",
};
