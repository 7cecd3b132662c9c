import { pool } from "../db/pool.ts";
import { AppError } from "../errors.ts";
import { BUILTIN_SQL, compileSegmentPredicate } from "./compile-segment.ts";
import type { SegmentNode } from "./definition.schema.ts";
import { BUILTIN_FIELDS, METRIC_FIELDS } from "./fields.ts";
import { isCustomerId } from "./segment-input.schema.ts";
import { appendParam } from "./sql-params.ts";
import { validateSegmentDefinition } from "./validate-segment-definition.ts";

export interface ExplainedNode {
  id: string;
  type: SegmentNode["type"];
  negate: boolean;
  /** The node's value for this customer after its own negation; null for an empty group (no effect). */
  result: boolean | null;
  /**
   * What the rule compared for this customer (attribute and metric rules): the
   * stored value as text (times in UTC ISO form), null when the customer has
   * none; for a recommended-category rule, the customer's recommended
   * categories joined with ", " ("" when none is left to offer); absent for
   * rules over behaviour, segments and groups.
   */
  actual?: string | null;
  children?: ExplainedNode[];
}

export interface SegmentExplanation {
  customerId: string;
  matches: boolean;
  root: ExplainedNode;
}

/**
 * Why one customer is (or is not) in a segment: every node of the tree marked
 * true or false, computed by the same SQL the segment runs, in one query.
 */
export async function explainSegment(
  workspaceId: number,
  definitionInput: unknown,
  customerId: string,
  options: { now?: Date } = {},
): Promise<SegmentExplanation> {
  if (!isCustomerId(customerId)) throw new AppError("NOT_FOUND", "Customer not found");
  const { definition, context } = await validateSegmentDefinition(workspaceId, definitionInput, { now: options.now });
  const columns: { nodeId: string; sql: string }[] = [];
  const { from, workspaceParam, values, metricColumn, offeredCategories } = compileSegmentPredicate(definition, context, (nodeId, sql) => {
    if (sql !== null) columns.push({ nodeId, sql });
  });
  const customerParam = appendParam(values, customerId, "int8");
  // The compared value of each attribute and metric rule, read in the same row (the metrics join is there when a metric rule is).
  const actuals: { nodeId: string; sql: string }[] = [];
  const collect = (node: SegmentNode) => {
    if (node.type === "group") node.children.forEach(collect);
    else if (node.type === "attribute") actuals.push({ nodeId: node.id, sql: asText(BUILTIN_SQL[node.field], BUILTIN_FIELDS[node.field] === "date") });
    else if (node.type === "metric") actuals.push({ nodeId: node.id, sql: asText(metricColumn(node.metric), METRIC_FIELDS[node.metric] === "date") });
    // The customer's recommended categories of the last build, all that are kept, in rank order.
    else if (node.type === "recommendedCategory") actuals.push({ nodeId: node.id, sql: offeredCategories() });
  };
  collect(definition.root);
  const select = [
    ...(columns.length > 0 ? columns.map((c, i) => `${c.sql} AS n${i}`) : ["TRUE AS n_empty"]),
    ...actuals.map((a, i) => `${a.sql} AS a${i}`),
  ].join(", ");
  const res = await pool.query(
    `SELECT ${select} FROM ${from} WHERE c.workspace_id = ${workspaceParam} AND c.id = ${customerParam}`,
    values,
  );
  const row = res.rows[0] as Record<string, boolean | string | null> | undefined;
  if (!row) throw new AppError("NOT_FOUND", "Customer not found");
  const results = new Map(columns.map((c, i) => [c.nodeId, (row[`n${i}`] as boolean | null) ?? null]));
  const actualOf = new Map(actuals.map((a, i) => [a.nodeId, (row[`a${i}`] as string | null) ?? null]));

  const build = (node: SegmentNode): ExplainedNode => ({
    id: node.id,
    type: node.type,
    negate: node.negate ?? false,
    result: results.get(node.id) ?? null,
    ...(actualOf.has(node.id) ? { actual: actualOf.get(node.id) ?? null } : {}),
    ...(node.type === "group" ? { children: node.children.map(build) } : {}),
  });
  const root = build(definition.root);
  return { customerId, matches: root.result ?? true, root };
}

/** A column as text for showing: timestamps in UTC ISO form (the page puts them in the workspace zone), the rest as stored. */
function asText(sql: string, isDate: boolean): string {
  return isDate ? `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')` : `(${sql})::text`;
}
