// Runs before every page: a fresh CSP nonce per request (Next.js puts it on its own scripts) and the security headers;
// a server action whose input React could not decode is refused here.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, HSTS_HEADER, STATIC_SECURITY_HEADERS } from "@/lib/next/security-headers";
import { actionBodyReference } from "@/lib/next/server-action-body";

// Server actions take at most 1 MB (Next.js's default); bigger bodies are refused there, unread here.
const ACTION_BODY_CHECK_BYTES = 1024 * 1024;

/** A server action body React would read as a reference to a missing part (lib/next/server-action-body.ts): 400, before Next.js answers it with a 500. */
async function refusedActionBody(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  if (!(request.headers.get("content-type") ?? "").startsWith("text/plain")) return null;
  if (Number(request.headers.get("content-length") ?? "0") > ACTION_BODY_CHECK_BYTES) return null;
  const reference = actionBodyReference(await request.text());
  if (reference === null) return null;
  const shown = reference.length > 20 ? `${reference.slice(0, 20)}…` : reference;
  return NextResponse.json({ error: { code: "BAD_REQUEST", message: `The action's input holds “${shown}”, which is not a value a form sends.` } }, { status: 400 });
}

export async function proxy(request: NextRequest) {
  const refused = await refusedActionBody(request);
  if (refused) {
    for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) refused.headers.set(name, value);
    return refused;
  }
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
