import { pool } from "../db/pool.ts";
import { AppError } from "../errors.ts";
import { compileSegmentPredicate } from "./compile-segment.ts";
import type { SegmentNode } from "./definition.schema.ts";
import { isCustomerId } from "./segment-input.schema.ts";
import { appendParam } from "./sql-params.ts";
import { validateSegmentDefinition } from "./validate-segment-definition.ts";

export interface ExplainedNode {
  id: string;
  type: SegmentNode["type"];
  negate: boolean;
  /** The node's value for this customer after its own negation; null for an empty group (no effect). */
  result: boolean | null;
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
  const { from, workspaceParam, values } = compileSegmentPredicate(definition, context, (nodeId, sql) => {
    if (sql !== null) columns.push({ nodeId, sql });
  });
  const customerParam = appendParam(values, customerId, "int8");
  const select = columns.length > 0 ? columns.map((c, i) => `${c.sql} AS n${i}`).join(", ") : "TRUE AS n_empty";
  const res = await pool.query<Record<string, boolean>>(
    `SELECT ${select} FROM ${from} WHERE c.workspace_id = ${workspaceParam} AND c.id = ${customerParam}`,
    values,
  );
  const row = res.rows[0];
  if (!row) throw new AppError("NOT_FOUND", "Customer not found");
  const results = new Map(columns.map((c, i) => [c.nodeId, row[`n${i}`] ?? null]));

  const build = (node: SegmentNode): ExplainedNode => ({
    id: node.id,
    type: node.type,
    negate: node.negate ?? false,
    result: results.get(node.id) ?? null,
    ...(node.type === "group" ? { children: node.children.map(build) } : {}),
  });
  const root = build(definition.root);
  return { customerId, matches: root.result ?? true, root };
}
