import { convert, type HtmlToTextOptions } from "html-to-text";

/**
 * The plain-text part of an email whose template leaves it empty, made from
 * the rendered HTML (html-to-text): tags dropped, entities decoded, links kept
 * as "text [url]" (the url alone when it is the text), images, scripts and
 * elements marked hidden left out, and layout-table cells on lines of their own.
 * Lines are not wrapped: mail clients wrap plain text themselves.
 */
const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    { selector: "img", format: "skip" },
    { selector: "[hidden]", format: "skip" },
    { selector: "td", format: "block" },
    { selector: "th", format: "block" },
    ...(["h1", "h2", "h3", "h4", "h5", "h6"] as const).map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

export function htmlToText(html: string): string {
  return convert(html, OPTIONS).trim();
}
