import { verifyLink } from "./sign-link.ts";

/** Longest destination a click link may carry; track-html.ts only signs what a template wrote, and no real link is longer. */
export const MAX_CLICK_URL_CHARS = 4096;

/**
 * Where a click link sends the reader, or null (the route answers 404): the
 * `u` parameter must be exactly the URL signed for this message, and an
 * absolute http(s) URL. A signature is never made for anything else, but the
 * redirect checks again, so no key mistake can turn it into an open redirect
 * (`//evil.example`, `javascript:`, a URL with a changed host).
 */
export function clickTarget(messageId: string, signature: string, params: URLSearchParams): string | null {
  const values = params.getAll("u");
  if (values.length !== 1) return null;
  const url = values[0]!;
  if (url.length > MAX_CLICK_URL_CHARS || !verifyLink("click", messageId, signature, url)) return null;
  if (!URL.canParse(url)) return null;
  const target = new URL(url);
  if (target.protocol !== "https:" && target.protocol !== "http:") return null;
  // The parsed form: no control characters or spaces can reach the Location header.
  return target.href;
}
