import { PUBLIC_PAGE_CSP } from "@/lib/next/security-headers";

/**
 * The HTML answers of the links in messages (/t/...). They are plain
 * server-rendered pages without a line of script, for anyone holding the link
 * and no session, so they are built here rather than as React pages: no
 * client bundle to allow, one strict policy, and every value escaped by the
 * `html` template below.
 */
export class Html {
  constructor(readonly text: string) {}
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A fragment whose interpolated values are escaped, unless they are fragments themselves. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]) : ""), ""));
}

/**
 * Headers of every /t/ answer: never cached (each fetch is an event) and never
 * indexed. The URL is a capability; the static Referrer-Policy
 * (strict-origin-when-cross-origin, next.config.ts) already keeps its path
 * from the image hosts and sites a viewed email links to.
 */
export const LINK_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store, private",
  "x-robots-tag": "noindex, nofollow",
};

const STYLE = `
  body { margin: 0; background: #f8fafc; color: #0f172a; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 32rem; margin: 3rem auto; padding: 2rem; background: #fff; border: 1px solid #e2e8f0; border-radius: 0.75rem; }
  h1 { margin: 0 0 0.75rem; font-size: 1.4rem; }
  h2 { margin: 1.75rem 0 0.5rem; font-size: 1.05rem; }
  p { margin: 0.5rem 0; }
  .muted { color: #475569; font-size: 0.9rem; }
  label { display: flex; gap: 0.5rem; align-items: center; margin: 0.35rem 0; }
  button { margin-top: 0.75rem; padding: 0.55rem 1.1rem; border: 0; border-radius: 0.5rem; background: #1d4ed8; color: #fff; font: inherit; cursor: pointer; }
  button.secondary { background: #e2e8f0; color: #0f172a; }
  [role="status"] { padding: 0.6rem 0.8rem; border-radius: 0.5rem; background: #ecfdf5; color: #065f46; }
`;

export function publicPage(title: string, body: Html, status = 200): Response {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>${new Html(STYLE)}</style>
</head>
<body><main>${body}</main></body>
</html>`;
  return new Response(page.text, { status, headers: { ...LINK_HEADERS, "content-type": "text/html; charset=utf-8", "content-security-policy": PUBLIC_PAGE_CSP } });
}

/**
 * The one answer for a link that is not ours or was changed (id, signature,
 * URL, kind): a 404 that says the same whatever part was wrong, and that no
 * database was asked about.
 */
export function invalidLinkPage(): Response {
  return publicPage(
    "Link not valid",
    html`<h1>This link is not valid</h1>
<p>It may have been copied incompletely. Open it again from the message you received.</p>`,
    404,
  );
}
