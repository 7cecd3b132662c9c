// GET /api/w/{workspace}/segments/{id}/export: the members as a CSV download, streamed batch by batch (fine at millions of rows).
import { exportSegmentMembersCsv } from "@/lib/segments/export-segment-members";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { csvDownload } from "@/lib/next/csv-download";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { parseSegmentId } from "@/lib/segments/route-params";

type Params = { workspace: string; segmentId: string };

function fileName(name: string): string {
  const slug = name.normalize("NFKD").replace(/[^\w-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "segment";
  return `${slug}-${new Date().toISOString().slice(0, 10)}.csv`;
}

export const GET = withWorkspace<Params>("segments.read", async (req, access, params) => {
  const segmentId = parseSegmentId(params.segmentId);
  const segment = await db.segment.findFirst({ where: { id: segmentId, workspaceId: access.workspace.id }, select: { name: true } });
  if (!segment) throw new AppError("NOT_FOUND", "Segment not found");
  // Abandoning the request closes the export's cursor and returns its connection (lib/next/csv-download.ts).
  return csvDownload(req, exportSegmentMembersCsv(access.workspace.id, segmentId), fileName(segment.name));
});
