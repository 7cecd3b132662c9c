import type { z } from "zod";
import { segmentDefinitionSchema, type SegmentDefinition } from "./definition.schema.ts";
import { SegmentDefinitionError, type SegmentDefinitionIssue } from "./segment-definition-error.ts";

const MAX_ISSUES = 20;

/** The id of the deepest rule node on a path through the raw input. */
function nodeIdAt(input: unknown, path: readonly PropertyKey[]): string | null {
  let current: unknown = input;
  let found: string | null = null;
  for (const step of path) {
    if (typeof current !== "object" || current === null) break;
    const id = (current as { id?: unknown }).id;
    if (typeof id === "string" && "type" in current) found = id;
    current = (current as Record<PropertyKey, unknown>)[step];
  }
  if (typeof current === "object" && current !== null && "type" in current) {
    const id = (current as { id?: unknown }).id;
    if (typeof id === "string") found = id;
  }
  return found ? found.slice(0, 64) : null;
}

function toIssue(input: unknown, issue: z.core.$ZodIssue): SegmentDefinitionIssue {
  const path = issue.path.map(String).join(".");
  const nodeId = nodeIdAt(input, issue.path);
  // With a node id the UI can point at the rule; without one the path is the only clue.
  return { nodeId, path, message: nodeId || !path ? issue.message : `${path}: ${issue.message}` };
}

/**
 * Validates an untrusted definition (request body, stored JSON). Always either
 * returns a typed definition or throws SegmentDefinitionError.
 */
export function parseSegmentDefinition(input: unknown): SegmentDefinition {
  let result: ReturnType<typeof segmentDefinitionSchema.safeParse>;
  try {
    result = segmentDefinitionSchema.safeParse(input);
  } catch {
    // Exotic inputs (throwing getters, proxies) are not definitions.
    throw SegmentDefinitionError.at(null, "The segment definition could not be read");
  }
  if (result.success) return result.data;
  throw new SegmentDefinitionError(result.error.issues.slice(0, MAX_ISSUES).map((i) => toIssue(input, i)));
}

/** Same as parseSegmentDefinition, from JSON text. */
export function parseSegmentDefinitionJson(json: string): SegmentDefinition {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw SegmentDefinitionError.at(null, "The segment definition is not valid JSON");
  }
  return parseSegmentDefinition(value);
}
