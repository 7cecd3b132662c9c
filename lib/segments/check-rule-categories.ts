import type { SegmentDefinition, SegmentNode } from "./definition.schema.ts";
import type { Queryable } from "./load-segment-context.ts";
import { SegmentDefinitionError, type SegmentDefinitionIssue } from "./segment-definition-error.ts";

interface CategoryUse {
  nodeId: string;
  path: string;
  category: string;
}

function recommendedCategoryUses(node: SegmentNode, path: string, out: CategoryUse[]): CategoryUse[] {
  if (node.type === "group") node.children.forEach((child, i) => recommendedCategoryUses(child, `${path}.children.${i}`, out));
  else if (node.type === "recommendedCategory") out.push({ nodeId: node.id, path: `${path}.category`, category: node.category });
  return out;
}

/**
 * A "recommended category" rule names a category of the workspace's
 * products. A misspelt or vanished one would silently match no one (or, with
 * "is not", everyone), so it is refused naming the rule and the value, like
 * a reference to a segment that does not exist. Referenced segments are
 * checked when they are saved or run themselves.
 */
export async function assertKnownRuleCategories(client: Queryable, workspaceId: number, definition: SegmentDefinition): Promise<void> {
  const uses = recommendedCategoryUses(definition.root, "root", []);
  if (uses.length === 0) return;
  const res = await client.query<{ category: string }>(
    // The (workspace_id, category) index: one probe per named category.
    `SELECT DISTINCT category FROM product WHERE workspace_id = $1::int4 AND category = ANY($2::text[])`,
    [workspaceId, [...new Set(uses.map((u) => u.category))]],
  );
  const known = new Set(res.rows.map((r) => r.category));
  const issues: SegmentDefinitionIssue[] = uses
    .filter((u) => !known.has(u.category))
    .map((u) => ({ nodeId: u.nodeId, path: u.path, message: `“${u.category}” is not a category of this workspace's products` }));
  if (issues.length > 0) throw new SegmentDefinitionError(issues);
}
