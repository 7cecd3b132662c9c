// Public API: GET one product by its external_id (URL-encoded in the path).
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { getProductByExternalId } from "@/lib/ingest/api/read-records";
import { withApiKey } from "@/lib/next/api-key-route";

// Read from the URL itself so an id containing "%" or "/" (encoded) means exactly what the client sent.
function externalIdFromPath(url: string): string {
  const segment = new URL(url).pathname.split("/products/")[1] ?? "";
  try {
    return decodeURIComponent(segment.replace(/\/$/, ""));
  } catch {
    throw new AppError("NOT_FOUND", "No product with this external_id.");
  }
}

export const GET = withApiKey<{ productExternalId: string }>("read", async (req, principal) => {
  return NextResponse.json({ product: await getProductByExternalId(principal.workspaceId, externalIdFromPath(req.url)) });
});
