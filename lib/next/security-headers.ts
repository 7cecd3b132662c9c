/**
 * Response headers every answer carries, and the page Content-Security-Policy.
 * Scripts run only with the per-request nonce ('strict-dynamic' lets the
 * nonced Next.js runtime load its own chunks); styles allow inline because
 * charts and React set style attributes, which carry far less risk than
 * script. No page may be framed (clickjacking).
 */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/** Sent only over HTTPS: browsers ignore it on plain HTTP, and a local plain-HTTP install must keep working. */
export const HSTS_HEADER = "max-age=31536000; includeSubDomains";

export function contentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The pages a message's links open for anyone holding the link (unsubscribe,
 * preferences, an invalid link): server-rendered HTML with no script at all,
 * forms posting only to us, nothing loaded from elsewhere.
 */
export const PUBLIC_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * A sent email shown in the browser ("view in browser"). Its HTML is the
 * workspace's template, so images and styles may come from anywhere, but no
 * script runs (none is allowed, and the sandbox forbids scripts and forms
 * even if a policy were lost), and links open outside the sandboxed page.
 */
export const EMAIL_VIEW_CSP = [
  "default-src 'none'",
  "img-src https: http: data:",
  "style-src 'unsafe-inline' https:",
  "font-src https: data:",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation",
].join("; ");
