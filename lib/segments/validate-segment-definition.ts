import { assertKnownRuleCategories } from "./check-rule-categories.ts";
import type { ReferencedSegment, SegmentCompileContext } from "./compile-state.ts";
import { compileSegment, type CompiledSegmentQuery } from "./compile-segment.ts";
import type { SegmentDefinition } from "./definition.schema.ts";
import { pool } from "../db/pool.ts";
import { loadSegmentContext, type Queryable } from "./load-segment-context.ts";
import { parseSegmentDefinition } from "./parse-definition.ts";
import { assertNoReferenceCycle } from "./segment-references.ts";

export interface ValidatedSegmentDefinition {
  definition: SegmentDefinition;
  context: SegmentCompileContext;
  compiled: CompiledSegmentQuery;
}

export interface ValidateOptions {
  now?: Date;
  /** Run the lookups on this connection (the caller's transaction). */
  client?: Queryable;
  /** When saving an existing segment: its id, name and kind, so references back to it are found. */
  self?: Omit<ReferencedSegment, "definition" | "archived">;
}

/**
 * Everything a definition must pass before it is saved or run: the schema,
 * references to segments of this workspace only (not archived, no cycle) and
 * a successful compile. Throws SegmentDefinitionError naming the rule at fault.
 */
export async function validateSegmentDefinition(workspaceId: number, input: unknown, options: ValidateOptions = {}): Promise<ValidatedSegmentDefinition> {
  const definition = parseSegmentDefinition(input);
  const self = options.self ? { ...options.self, archived: false, definition } : undefined;
  const context = await loadSegmentContext(workspaceId, definition, { now: options.now, self, client: options.client });
  assertNoReferenceCycle(self?.id ?? null, definition, context.segments);
  await assertKnownRuleCategories(options.client ?? pool, workspaceId, definition);
  const compiled = compileSegment(definition, context);
  return { definition, context, compiled };
}
