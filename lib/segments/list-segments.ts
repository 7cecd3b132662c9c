import { db } from "../db/client.ts";
import type { SegmentSummary } from "./segment-record.ts";

export interface SegmentListItem extends SegmentSummary {
  owner: { id: string; name: string; email: string } | null;
}

/** The workspace's segments, by name, with size, last refresh and owner. */
export async function listSegments(workspaceId: number, options: { includeArchived?: boolean } = {}): Promise<SegmentListItem[]> {
  const segments = await db.segment.findMany({
    where: options.includeArchived ? { workspaceId } : { workspaceId, archivedAt: null },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: {
      id: true,
      workspaceId: true,
      name: true,
      description: true,
      kind: true,
      definitionVersion: true,
      size: true,
      lastRefreshedAt: true,
      ownerId: true,
      createdAt: true,
      updatedAt: true,
      archivedAt: true,
    },
  });
  const ownerIds = [...new Set(segments.map((s) => s.ownerId).filter((id): id is string => id !== null))];
  const owners = ownerIds.length
    ? await db.user.findMany({ where: { id: { in: ownerIds } }, select: { id: true, name: true, email: true } })
    : [];
  const byId = new Map(owners.map((o) => [o.id, o]));
  return segments.map((s) => ({ ...s, owner: s.ownerId ? byId.get(s.ownerId) ?? null : null }));
}
