import type pg from "pg";

/** A segment as the rest of the product sees it (the definition is fetched separately). */
export interface SegmentSummary {
  id: number;
  workspaceId: number;
  name: string;
  description: string | null;
  kind: "DYNAMIC" | "STATIC";
  definitionVersion: number;
  size: number;
  lastRefreshedAt: Date | null;
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

export const SEGMENT_SUMMARY_COLUMNS =
  "id, workspace_id, name, description, kind, definition_version, size, last_refreshed_at, owner_id, created_at, updated_at, archived_at";

interface SegmentSummaryRow {
  id: number;
  workspace_id: number;
  name: string;
  description: string | null;
  kind: "DYNAMIC" | "STATIC";
  definition_version: number;
  size: number;
  last_refreshed_at: Date | null;
  owner_id: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
}

export function toSegmentSummary(row: SegmentSummaryRow): SegmentSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    definitionVersion: row.definition_version,
    size: row.size,
    lastRefreshedAt: row.last_refreshed_at,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

export async function readSegmentSummary(client: Pick<pg.PoolClient, "query">, workspaceId: number, segmentId: number): Promise<SegmentSummary | null> {
  const res = await client.query<SegmentSummaryRow>(`SELECT ${SEGMENT_SUMMARY_COLUMNS} FROM segment WHERE id = $1::int4 AND workspace_id = $2::int4`, [segmentId, workspaceId]);
  return res.rows[0] ? toSegmentSummary(res.rows[0]) : null;
}
