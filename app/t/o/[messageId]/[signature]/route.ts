// Open pixel of a sent message (/t/o/<id>/<signature>.gif): a transparent GIF, and an `opened` event. Public, signed.
import type { NextRequest } from "next/server";
import { clientAddress } from "@/lib/auth/client-address";
import { trackingRequest } from "@/lib/campaigns/tracking/machine-traffic";
import { recordEngagement } from "@/lib/campaigns/tracking/record-engagement";
import { verifyLink } from "@/lib/campaigns/tracking/sign-link";
import { invalidLinkPage, LINK_HEADERS } from "../../../public-page";

// The smallest transparent GIF (GIF89a, 1×1, one transparent colour): 43 bytes.
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

export async function GET(req: NextRequest, ctx: { params: Promise<{ messageId: string; signature: string }> }) {
  const { messageId, signature } = await ctx.params;
  if (!signature.endsWith(".gif") || !verifyLink("open", messageId, signature.slice(0, -4))) return invalidLinkPage();
  try {
    await recordEngagement(messageId, "open", trackingRequest(req.method, req.headers, clientAddress(req.headers)));
  } catch (err) {
    // The image is answered regardless: a reader's mail must not show a broken image because an event was not written.
    console.error("open not recorded:", err);
  }
  return new Response(new Uint8Array(PIXEL), { headers: { ...LINK_HEADERS, "content-type": "image/gif", "content-length": String(PIXEL.length) } });
}
