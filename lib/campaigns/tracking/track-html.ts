import type { MessageLinks } from "./sign-link.ts";

const ANCHOR_HREF = /(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?:\/\/[^"']*)\2/gi;

function decodeAttribute(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function encodeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Routes each http(s) link of an email's HTML through the signed click
 * redirect and adds the open pixel. The message's own unsubscribe and
 * view-in-browser links are left as they are: they already lead to us.
 */
export function addTracking(html: string, links: MessageLinks): string {
  const own = new Set([links.unsubscribe, links.preferences, links.viewInBrowser]);
  const tracked = html.replace(ANCHOR_HREF, (whole, prefix: string, _quote: string, raw: string) => {
    const url = decodeAttribute(raw);
    if (own.has(url)) return whole;
    return `${prefix}"${encodeAttribute(links.click(url))}"`;
  });
  const pixel = `<img src="${encodeAttribute(links.openPixel)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">`;
  return /<\/body>/i.test(tracked) ? tracked.replace(/<\/body>/i, `${pixel}</body>`) : tracked + pixel;
}
