import type pg from "pg";
import { pool } from "../db/pool.ts";
import { AppError } from "../errors.ts";
import type { ReferencedSegment, SegmentCompileContext } from "./compile-state.ts";
import type { SegmentDefinition } from "./definition.schema.ts";
import { parseSegmentDefinition } from "./parse-definition.ts";
import { collectSegmentReferences } from "./segment-references.ts";
import { SegmentDefinitionError } from "./segment-definition-error.ts";

/** Segments one definition may reach through references. */
const MAX_REFERENCED_SEGMENTS = 100;

/** A pool or a client inside a transaction: the loader runs on the caller's connection. */
export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

export interface LoadSegmentContextOptions {
  now?: Date;
  /** Defaults to the shared pool; pass the transaction's client so no second connection is taken. */
  client?: Queryable;
  /** The segment being saved, with its new definition, standing in for its stored row. */
  self?: ReferencedSegment;
}

export async function loadWorkspaceTimezone(workspaceId: number, client: Queryable = pool): Promise<string> {
  const res = await client.query<{ timezone: string }>(`SELECT timezone FROM workspace WHERE id = $1::int4`, [workspaceId]);
  const workspace = res.rows[0];
  if (!workspace) throw new AppError("NOT_FOUND", "Workspace not found");
  return workspace.timezone;
}

interface SegmentRow {
  id: number;
  name: string;
  kind: "DYNAMIC" | "STATIC";
  definition: unknown;
  archived_at: Date | null;
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
  const client = options.client ?? pool;
  const timezone = await loadWorkspaceTimezone(workspaceId, client);
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
    const res = await client.query<SegmentRow>(
      `SELECT id, name, kind, definition, archived_at FROM segment WHERE workspace_id = $1::int4 AND id = ANY($2::int4[])`,
      [workspaceId, ids],
    );
    const next: typeof frontier = [];
    for (const row of res.rows) {
      let parsed: SegmentDefinition;
      try {
        parsed = parseSegmentDefinition(row.definition);
      } catch {
        throw SegmentDefinitionError.at(firstRef.get(row.id) ?? null, `Segment "${row.name}" has an invalid stored definition`);
      }
      segments.set(row.id, { id: row.id, name: row.name, kind: row.kind, archived: row.archived_at !== null, definition: parsed });
      for (const ref of collectSegmentReferences(parsed)) {
        if (!firstRef.has(ref.segmentId)) firstRef.set(ref.segmentId, firstRef.get(row.id) ?? ref.nodeId);
        next.push(ref);
      }
    }
    frontier = next;
  }
  return { workspaceId, timezone, now: options.now, segments };
}
