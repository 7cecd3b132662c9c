// GET /api/w/{workspace}/segments/{id}/export: the members as a CSV download, streamed batch by batch (fine at millions of rows).
import { exportSegmentMembersCsv } from "@/lib/segments/export-segment-members";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
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
  const lines = exportSegmentMembersCsv(access.workspace.id, segmentId);
  // A client that goes away before or while reading must not leave the generator suspended holding its connection
  // (and an open transaction) for good: abandoning the request closes it, whether or not the stream was ever pulled.
  // (A client gone before this line has already aborted the signal, and a listener added now would never fire.)
  const close = () => void lines.return(undefined).catch(() => undefined);
  if (req.signal.aborted) close();
  else req.signal.addEventListener("abort", close, { once: true });
  // Read the header before answering, so a failure to start is a proper error status rather than a broken download.
  const first = await lines.next();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      // Lines are batched into chunks of ~64 KB: one enqueue per line would dominate the cost at 1M rows.
      let chunk = "";
      while (chunk.length < 65_536) {
        const next = await lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      // The browser went away: closing the generator closes the cursor and returns the connection.
      await lines.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName(segment.name)}"`,
      "cache-control": "no-store",
    },
  });
});
