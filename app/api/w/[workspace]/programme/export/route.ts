// GET /api/w/{workspace}/programme/export?from&to: the programme's results as a CSV download.
import { loadProgrammeResults } from "@/lib/campaigns/programme/load-programme-results";
import { programmeCsv } from "@/lib/campaigns/programme/programme-csv";
import { programmePeriod } from "@/lib/campaigns/programme/programme-period";
import { csvDownload } from "@/lib/next/csv-download";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace<{ workspace: string }>("campaigns.read", async (req, access) => {
  const q = req.nextUrl.searchParams;
  const period = programmePeriod({ from: q.get("from"), to: q.get("to") }, access.workspace.timezone);
  const view = await loadProgrammeResults(access.workspace.id, period.from, period.to);
  return csvDownload(req, programmeCsv(view), `programme-${period.from}-${period.to}.csv`);
});
