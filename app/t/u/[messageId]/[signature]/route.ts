// Unsubscribe link of a sent message (/t/u/<id>/<signature>): the page (GET), its forms and a mail client's RFC 8058
// one-click POST. Public: the signature over the message id is the customer's authority.
import type { NextRequest } from "next/server";
import { loadPreferences, savePreferences, unsubscribeByLink } from "@/lib/campaigns/tracking/unsubscribe";
import { verifyLink } from "@/lib/campaigns/tracking/sign-link";
import { errorResponse } from "@/lib/next/error-response";
import { readBoundedText } from "@/lib/next/read-text";
import { html, invalidLinkPage, LINK_HEADERS, publicPage } from "../../../public-page";
import { unsubscribePage } from "./unsubscribe-page";

type Context = { params: Promise<{ messageId: string; signature: string }> };

/** A one-click body is 26 bytes and the preferences form a few dozen; nothing legitimate comes near this. */
const MAX_FORM_BYTES = 4096;
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

async function verified(ctx: Context): Promise<string | null> {
  const { messageId, signature } = await ctx.params;
  return verifyLink("unsubscribe", messageId, signature) ? messageId : null;
}

export async function GET(_req: NextRequest, ctx: Context) {
  const messageId = await verified(ctx);
  if (!messageId) return invalidLinkPage();
  const view = await loadPreferences(messageId);
  return view ? unsubscribePage(view, null) : invalidLinkPage();
}

/** The posted form, read within MAX_FORM_BYTES; RFC 8058 allows both form encodings. */
async function readForm(req: NextRequest): Promise<FormData | null> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) return null;
  const body = await readBoundedText(req, MAX_FORM_BYTES);
  try {
    return await new Response(body, { headers: { "content-type": req.headers.get("content-type")! } }).formData();
  } catch {
    return null;
  }
}

export async function POST(req: NextRequest, ctx: Context) {
  const messageId = await verified(ctx);
  if (!messageId) return invalidLinkPage();
  try {
    const form = await readForm(req);
    if (!form) return publicPage("Not understood", html`<h1>Not understood</h1><p>Open the link from your message and use the buttons on the page.</p>`, 400);

    // RFC 8058: the mail client posts "List-Unsubscribe=One-Click" to the List-Unsubscribe URL; it reads only the status.
    if (form.get("List-Unsubscribe") === "One-Click") {
      const result = await unsubscribeByLink(messageId, "one_click");
      if (result.status === "unknown_message" || result.status === "no_consent_channel") return invalidLinkPage();
      return new Response("Unsubscribed.\n", { headers: { ...LINK_HEADERS, "content-type": "text/plain; charset=utf-8" } });
    }

    const action = form.get("action");
    if (action === "unsubscribe") {
      const result = await unsubscribeByLink(messageId, "unsubscribe_page");
      if (result.status === "unknown_message" || result.status === "no_consent_channel") return invalidLinkPage();
      return unsubscribePage(result.view, "unsubscribed");
    }
    if (action === "preferences") {
      const ticked = new Set(form.getAll("channel").filter((v): v is string => typeof v === "string"));
      const view = await savePreferences(messageId, ticked);
      return view ? unsubscribePage(view, "preferences_saved") : invalidLinkPage();
    }
    return publicPage("Not understood", html`<h1>Not understood</h1><p>Open the link from your message and use the buttons on the page.</p>`, 400);
  } catch (err) {
    // A body over the limit (413) or a busy database (503): the JSON error is all a mail client or a person needs.
    return errorResponse(err);
  }
}
