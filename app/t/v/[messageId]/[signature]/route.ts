// "View in browser" link of a sent email (/t/v/<id>/<signature>): the email rendered again for its customer. Public, signed.
import type { NextRequest } from "next/server";
import { verifyLink } from "@/lib/campaigns/tracking/sign-link";
import { renderMessageForBrowser } from "@/lib/campaigns/tracking/view-message";
import { EMAIL_VIEW_CSP } from "@/lib/next/security-headers";
import { invalidLinkPage, LINK_HEADERS } from "../../../public-page";

export async function GET(_req: NextRequest, ctx: { params: Promise<{ messageId: string; signature: string }> }) {
  const { messageId, signature } = await ctx.params;
  if (!verifyLink("view", messageId, signature)) return invalidLinkPage();
  const rendered = await renderMessageForBrowser(messageId);
  if (!rendered) return invalidLinkPage();
  return new Response(rendered.html, { headers: { ...LINK_HEADERS, "content-type": "text/html; charset=utf-8", "content-security-policy": EMAIL_VIEW_CSP } });
}
