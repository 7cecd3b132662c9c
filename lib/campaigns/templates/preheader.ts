/**
 * The preheader is the line inbox lists show after the subject. Mail clients
 * take it from the first text in the body, so it goes in as the first thing
 * after `<body …>` (or at the very start when the HTML has no body tag), in a
 * span every common client hides. Zero-width joiners and non-breaking spaces
 * after it fill the rest of the preview, so the client does not pull in the
 * body's first words after a short preheader.
 */
const HIDDEN_STYLE = "display:none !important;visibility:hidden;mso-hide:all;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;";
const PREVIEW_FILL = "&zwnj;&nbsp;".repeat(60);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function preheaderSpan(preheader: string): string {
  return `<span class="preheader" style="${HIDDEN_STYLE}">${escapeHtml(preheader)}${PREVIEW_FILL}</span>`;
}

/** `html` with the preheader as the first content of its body; unchanged when the preheader is empty. */
export function insertPreheader(html: string, preheader: string): string {
  if (preheader === "") return html;
  const span = preheaderSpan(preheader);
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) return `${span}${html}`;
  const at = body.index + body[0].length;
  return `${html.slice(0, at)}${span}${html.slice(at)}`;
}
