// Public API: GET one customer by its external_id (URL-encoded in the path).
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { getCustomerByExternalId } from "@/lib/ingest/api/read-records";
import { withApiKey } from "@/lib/next/api-key-route";

// Read from the URL itself so an id containing "%" or "/" (encoded) means exactly what the client sent.
function externalIdFromPath(url: string): string {
  const segment = new URL(url).pathname.split("/customers/")[1] ?? "";
  try {
    return decodeURIComponent(segment.replace(/\/$/, ""));
  } catch {
    throw new AppError("NOT_FOUND", "No customer with this external_id.");
  }
}

export const GET = withApiKey<{ externalId: string }>("read", async (req, principal) => {
  return NextResponse.json({ customer: await getCustomerByExternalId(principal.workspaceId, externalIdFromPath(req.url)) });
});
