import { db } from "@/lib/db/client";

export interface SizePoint {
  at: string;
  size: number;
  /** The rules version the size was counted with; null for sizes recorded before versions were kept. */
  version: number | null;
}

/** The segment's size after each refresh over the last `days` days (at most `limit` points, newest kept). */
export async function readSizeHistory(workspaceId: number, segmentId: number, days = 180, limit = 2_000): Promise<SizePoint[]> {
  const rows = await db.segmentSizeHistory.findMany({
    where: { workspaceId, segmentId, at: { gte: new Date(Date.now() - days * 86_400_000) } },
    select: { at: true, size: true, definitionVersion: true },
    orderBy: { at: "desc" },
    take: limit,
  });
  return rows.reverse().map((r) => ({ at: r.at.toISOString(), size: r.size, version: r.definitionVersion }));
}
