// Public API: GET a customer's next-best offers by its external_id (URL-encoded in the path).
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { withApiKey } from "@/lib/next/api-key-route";
import { readRecommendationsByExternalId } from "@/lib/recommendations/customer-recommendations";
import { parseRecommendationsQuery, recommendationsApiResponse } from "@/lib/recommendations/recommendations-api";
import { textProblem } from "@/lib/storable-text";

// Read from the URL itself so an id containing "%" or "/" (encoded) means exactly what the client sent.
function externalIdFromPath(url: string): string {
  const segment = (new URL(url).pathname.split("/customers/")[1] ?? "").replace(/\/recommendations\/?$/, "");
  try {
    const id = decodeURIComponent(segment);
    if (textProblem(id)) throw new Error("not storable");
    return id;
  } catch {
    throw new AppError("NOT_FOUND", "No customer with this external_id.");
  }
}

export const GET = withApiKey<{ externalId: string }>("read", async (req, principal) => {
  const externalId = externalIdFromPath(req.url);
  const { limit } = parseRecommendationsQuery(new URL(req.url).searchParams);
  const view = await readRecommendationsByExternalId(principal.workspaceId, externalId, { limit, signal: req.signal });
  return NextResponse.json({ data: recommendationsApiResponse(view) });
});
