// GET /api/w/{workspace}/campaigns/{id}/results/export?table=arms|comparisons|variants|slices|cumulative: one results table as a CSV download.
import { z } from "zod";
import { loadCampaignResults } from "@/lib/campaigns/results/load-campaign-results";
import { RESULTS_TABLES, resultsCsv } from "@/lib/campaigns/results/results-csv";
import { csvDownload } from "@/lib/next/csv-download";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { parseRouteId } from "@/lib/route-id";

const tableSchema = z.enum(RESULTS_TABLES, { error: `table must be one of ${RESULTS_TABLES.join(", ")}` });

export const GET = withWorkspace<{ workspace: string; campaignId: string }>("campaigns.read", async (req, access, params) => {
  const campaignId = parseRouteId(params.campaignId, "Campaign");
  const table = tableSchema.parse(req.nextUrl.searchParams.get("table") ?? "arms");
  const results = await loadCampaignResults(access.workspace.id, campaignId);
  return csvDownload(req, resultsCsv(results, table), `campaign-${campaignId}-${table}-${new Date().toISOString().slice(0, 10)}.csv`);
});
