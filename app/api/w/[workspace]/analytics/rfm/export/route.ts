// GET /api/w/{workspace}/analytics/rfm/export?table=segments|grid|segment-value|migration[&from=&to=]: one RFM table as CSV.
import { exportRfmCsv, parseRfmTable } from "@/lib/analytics/dashboard/export-dashboard-csv";
import { csvDownload } from "@/lib/next/csv-download";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace("analytics.read", async (req, access) => {
  const params = req.nextUrl.searchParams;
  const table = parseRfmTable(params);
  return csvDownload(req, exportRfmCsv(access.workspace, table, params, req.signal), `rfm-${table}-${new Date().toISOString().slice(0, 10)}.csv`);
});
