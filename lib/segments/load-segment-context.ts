import { db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { ReferencedSegment, SegmentCompileContext } from "./compile-state.ts";
import type { SegmentDefinition } from "./definition.schema.ts";
import { parseSegmentDefinition } from "./parse-definition.ts";
import { collectSegmentReferences } from "./segment-references.ts";
import { SegmentDefinitionError } from "./segment-definition-error.ts";

/** Segments one definition may reach through references. */
const MAX_REFERENCED_SEGMENTS = 100;

export interface LoadSegmentContextOptions {
  now?: Date;
  /** The segment being saved, with its new definition, standing in for its stored row. */
  self?: ReferencedSegment;
}

export async function loadWorkspaceTimezone(workspaceId: number): Promise<string> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timezone: true } });
  if (!workspace) throw new AppError("NOT_FOUND", "Workspace not found");
  return workspace.timezone;
}

/**
 * Everything the compiler needs for one workspace: its time zone and every
 * segment of that workspace the definition reaches through references. Ids of
 * other workspaces' segments are simply not found here, so the compiler
 * refuses them.
 */
export async function loadSegmentContext(
  workspaceId: number,
  definition: SegmentDefinition,
  options: LoadSegmentContextOptions = {},
): Promise<SegmentCompileContext> {
  const timezone = await loadWorkspaceTimezone(workspaceId);
  const segments = new Map<number, ReferencedSegment>();
  if (options.self) segments.set(options.self.id, options.self);
  const firstRef = new Map<number, string>();
  let frontier = collectSegmentReferences(definition);
  for (const ref of frontier) if (!firstRef.has(ref.segmentId)) firstRef.set(ref.segmentId, ref.nodeId);

  while (frontier.length > 0) {
    const ids = [...new Set(frontier.map((r) => r.segmentId))].filter((id) => !segments.has(id));
    if (ids.length === 0) break;
    if (segments.size + ids.length > MAX_REFERENCED_SEGMENTS) {
      throw SegmentDefinitionError.at(frontier[0]?.nodeId ?? null, `A definition may reach at most ${MAX_REFERENCED_SEGMENTS} other segments`);
    }
    const rows = await db.segment.findMany({
      where: { workspaceId, id: { in: ids } },
      select: { id: true, name: true, kind: true, definition: true, archivedAt: true },
    });
    const next: typeof frontier = [];
    for (const row of rows) {
      let parsed: SegmentDefinition;
      try {
        parsed = parseSegmentDefinition(row.definition);
      } catch {
        throw SegmentDefinitionError.at(firstRef.get(row.id) ?? null, `Segment "${row.name}" has an invalid stored definition`);
      }
      segments.set(row.id, { id: row.id, name: row.name, kind: row.kind, archived: row.archivedAt !== null, definition: parsed });
      for (const ref of collectSegmentReferences(parsed)) {
        if (!firstRef.has(ref.segmentId)) firstRef.set(ref.segmentId, firstRef.get(row.id) ?? ref.nodeId);
        next.push(ref);
      }
    }
    frontier = next;
  }
  return { workspaceId, timezone, now: options.now, segments };
}
