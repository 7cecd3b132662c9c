// GET /api/w/{workspace}/customers/export: the customers list as filtered on the page (same URL parameters), as a CSV
// download with live order numbers and value columns, streamed batch by batch (fine at a million rows).
import { parseCustomerListParams } from "@/lib/customers/customer-list-params";
import { exportCustomersCsv } from "@/lib/customers/export-customers";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { csvDownload } from "@/lib/next/csv-download";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace("customers.read", async (req, access) => {
  const url = new URL(req.url);
  const raw = Object.fromEntries(["q", "segment", "rfm", "churn", "country", "sort", "dir"].map((k) => [k, url.searchParams.get(k) ?? undefined]));
  const { query, filters, problems } = parseCustomerListParams(raw);
  if (filters.segmentId !== undefined) {
    const segment = await db.segment.findFirst({ where: { id: filters.segmentId, workspaceId: access.workspace.id }, select: { id: true } });
    // Another workspace's segment answers exactly as a missing one does, before any other parameter is judged.
    if (!segment) throw new AppError("NOT_FOUND", "Segment not found");
  }
  if (problems.length > 0) throw new AppError("VALIDATION", problems.map((p) => p.message).join(" "), problems);
  const ws = access.workspace;
  const lines = exportCustomersCsv({ workspaceId: ws.id, timezone: ws.timezone, currency: ws.currency, query, filters });
  // Abandoning the request closes the export's cursor and returns its connection (lib/next/csv-download.ts).
  return csvDownload(req, lines, `customers-${new Date().toISOString().slice(0, 10)}.csv`);
});
