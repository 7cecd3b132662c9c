import type { ReferencedSegment } from "./compile-state.ts";
import type { SegmentDefinition, SegmentNode } from "./definition.schema.ts";
import { SegmentDefinitionError } from "./segment-definition-error.ts";

export interface SegmentReference {
  segmentId: number;
  /** The rule that references it. */
  nodeId: string;
}

/** Every "member of segment X" rule in a definition. */
export function collectSegmentReferences(definition: SegmentDefinition): SegmentReference[] {
  const refs: SegmentReference[] = [];
  const stack: SegmentNode[] = [definition.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "group") stack.push(...node.children);
    else if (node.type === "segment") refs.push({ segmentId: node.segmentId, nodeId: node.id });
  }
  return refs;
}

/**
 * Refuses a definition for segment `selfId` that would reach `selfId` again
 * through references, static or dynamic: a static segment is frozen from its
 * definition too, so a loop either way makes membership depend on itself.
 * `segments` must hold every segment reachable from the definition.
 */
export function assertNoReferenceCycle(selfId: number | null, definition: SegmentDefinition, segments: ReadonlyMap<number, ReferencedSegment>): void {
  if (selfId === null) return;
  for (const ref of collectSegmentReferences(definition)) {
    const seen = new Set<number>();
    const path: number[] = [];
    const stack: { id: number; depth: number }[] = [{ id: ref.segmentId, depth: 0 }];
    while (stack.length > 0) {
      const { id, depth } = stack.pop()!;
      path.length = depth;
      path.push(id);
      if (id === selfId) {
        const names = path.map((p) => `"${segments.get(p)?.name ?? p}"`).join(" → ");
        throw SegmentDefinitionError.at(ref.nodeId, `This rule would make the segment depend on itself (${names})`);
      }
      if (seen.has(id)) continue;
      seen.add(id);
      const target = segments.get(id);
      if (!target) continue;
      for (const next of collectSegmentReferences(target.definition)) stack.push({ id: next.segmentId, depth: depth + 1 });
    }
  }
}
