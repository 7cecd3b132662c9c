// Click redirect of a sent message (/t/c/<id>/<signature>?u=<url>): 302 to the signed URL, and a `clicked` event. Public, signed.
import type { NextRequest } from "next/server";
import { clientAddress } from "@/lib/auth/client-address";
import { clickTarget } from "@/lib/campaigns/tracking/click-target";
import { trackingRequest } from "@/lib/campaigns/tracking/machine-traffic";
import { recordEngagement } from "@/lib/campaigns/tracking/record-engagement";
import { invalidLinkPage, LINK_HEADERS } from "../../../public-page";

export async function GET(req: NextRequest, ctx: { params: Promise<{ messageId: string; signature: string }> }) {
  const { messageId, signature } = await ctx.params;
  // Checked before anything else: a changed id, signature or URL is a 404, never a redirect and never a query.
  const target = clickTarget(messageId, signature, req.nextUrl.searchParams);
  if (!target) return invalidLinkPage();
  try {
    await recordEngagement(messageId, "click", trackingRequest(req.method, req.headers, clientAddress(req.headers)), target);
  } catch (err) {
    // The reader still gets where the link goes; only the event is lost, and the log says so.
    console.error("click not recorded:", err);
  }
  return new Response(null, { status: 302, headers: { ...LINK_HEADERS, location: target } });
}
