// Runs before every page: a fresh CSP nonce per request (Next.js puts it on its own scripts) and the security headers.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, HSTS_HEADER, STATIC_SECURITY_HEADERS } from "@/lib/next/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  if (request.nextUrl.protocol === "https:") response.headers.set("strict-transport-security", HSTS_HEADER);
  return response;
}

export const config = {
  // Pages only. API answers are JSON (no CSP needed) and next.config.ts gives them the static headers; keeping them
  // out also keeps uploads from being buffered a second time (Next.js clones a body that passes through the proxy).
  // The links in messages (/t/...) set their own, stricter policy (app/t/public-page.ts): they run no script at all.
  matcher: [{ source: "/((?!api/|t/|_next/static|_next/image|favicon.ico).*)" }],
};
