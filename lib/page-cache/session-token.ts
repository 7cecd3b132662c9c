import type { IncomingHttpHeaders } from "node:http";
import { decode, getToken } from "next-auth/jwt";

/** Who a session cookie names: what getSessionClaims reads inside a page, read here before Next.js runs. */
export interface TokenClaims {
  userId: string;
  sessionVersion: number;
}

interface Decoded {
  claims: TokenClaims | null;
  /** Seconds since the epoch after which the token is not honoured. */
  exp: number;
}

// Decoding a token is a key derivation and a decryption; the same cookie comes
// back on every page view, so each process remembers its last few thousand.
const MAX_REMEMBERED = 5_000;
const decoded = new Map<string, Decoded>();

function cookieMap(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name.includes("next-auth.session-token")) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/**
 * The claims of the request's session cookie, or null when it has none, or
 * one that does not decode or has expired. The claims are not checked here:
 * the caller compares the session version with the user's own
 * (readSignedInUser), as every page does.
 */
export async function sessionTokenClaims(headers: IncomingHttpHeaders, secret: string, nowSeconds = Date.now() / 1000): Promise<TokenClaims | null> {
  const cookies = cookieMap(headers.cookie);
  if (cookies.size === 0) return null;
  // Only the cookie: getToken would also take a bearer token, which pages do not.
  const req = { cookies, headers: {} };
  const raw = (await getToken({ req: req as never, secret, raw: true })) as string | null;
  if (!raw) return null;
  let entry = decoded.get(raw);
  if (!entry) {
    const token = await decode({ token: raw, secret }).catch(() => null);
    const userId = typeof token?.sub === "string" ? token.sub : undefined;
    const sessionVersion = typeof token?.sessionVersion === "number" ? token.sessionVersion : undefined;
    entry = {
      claims: userId !== undefined && sessionVersion !== undefined ? { userId, sessionVersion } : null,
      exp: typeof token?.exp === "number" ? token.exp : 0,
    };
    if (decoded.size >= MAX_REMEMBERED) decoded.delete(decoded.keys().next().value!);
    decoded.set(raw, entry);
  }
  return entry.exp > nowSeconds ? entry.claims : null;
}
