/**
 * Where to send someone after sign-in: only a path on our own origin. The
 * value comes from the query string (?callbackUrl=...) and from next-auth's
 * redirect callback, so it is attacker-controlled; browsers read "\" as "/",
 * drop tabs and newlines inside URLs, and treat "//host" as another host, so
 * anything that could be read as another origin falls back to "/".
 *
 * Plain TypeScript with no server imports: the sign-in form uses it too.
 */
const FALLBACK = "/";
// ASCII controls (tab, newline, NUL, DEL...) and backslashes, raw or percent-encoded once or twice.
const HOSTILE = /[\u0000-\u001f\u007f\\]/;
const HOSTILE_ENCODED = /%(?:25)*(?:[01][0-9a-f]|7f|5c)/i;
// Only for parsing relative paths when the caller has no origin of its own.
const PLACEHOLDER_ORIGIN = "http://valueloop.invalid";

export function safeCallbackUrl(value: unknown, baseUrl: string = PLACEHOLDER_ORIGIN): string {
  if (typeof value !== "string" || value === "" || value.length > 2048) return FALLBACK;
  if (HOSTILE.test(value) || HOSTILE_ENCODED.test(value)) return FALLBACK;
  let base: URL;
  let target: URL;
  try {
    base = new URL(baseUrl);
    target = new URL(value, base);
  } catch {
    return FALLBACK;
  }
  if (target.origin !== base.origin || (target.protocol !== "http:" && target.protocol !== "https:")) return FALLBACK;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//")) return FALLBACK;
  return path;
}
