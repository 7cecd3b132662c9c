import { env } from "../env.ts";
import { AppError } from "../errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The hosts this request may legitimately come from: the one it was sent to, and the configured public URL. */
function ownHosts(req: Request): Set<string> {
  const hosts = new Set<string>();
  const add = (value: string | null | undefined) => {
    const first = value?.split(",")[0]?.trim().toLowerCase();
    if (first) hosts.add(first);
  };
  add(req.headers.get("host"));
  // Set by a proxy in front, or by Next.js itself from Host; a browser cannot set it on a cross-site request without a CORS preflight, which no route grants.
  add(req.headers.get("x-forwarded-host"));
  add(new URL(req.url).host);
  if (env.NEXTAUTH_URL) add(new URL(env.NEXTAUTH_URL).host);
  return hosts;
}

function originHost(origin: string): string | null {
  if (origin === "null") return null;
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

function mediaType(req: Request): string | null {
  const value = req.headers.get("content-type");
  return value ? value.split(";")[0]!.trim().toLowerCase() : null;
}

function hasBody(req: Request): boolean {
  const length = req.headers.get("content-length");
  if (length !== null) return length !== "0";
  return req.headers.has("transfer-encoding") || req.headers.has("content-type");
}

/**
 * Refuses cross-site requests that would act with the signed-in user's
 * cookie (CSRF). A change must come from our own origin, said by the browser
 * in `Origin` (sent on every non-GET request by current browsers), or failing
 * that in `Sec-Fetch-Site`; a request that carries neither is refused too,
 * because a change made with a cookie comes from our own pages. A body must
 * be of a type a cross-site HTML form cannot send (JSON), unless the route
 * takes an upload.
 */
export function assertSameOriginMutation(req: Request, bodyTypes: readonly string[]): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const origin = req.headers.get("origin");
  const fetchSite = req.headers.get("sec-fetch-site");
  if (origin !== null) {
    const host = originHost(origin);
    if (!host || !ownHosts(req).has(host)) {
      throw new AppError("FORBIDDEN", `Cross-site request refused: Origin ${JSON.stringify(origin.slice(0, 200))} is not this site.`);
    }
  } else if (fetchSite !== "same-origin") {
    throw new AppError("FORBIDDEN", "Cross-site request refused: a change needs an Origin header naming this site.");
  }
  if (hasBody(req)) {
    const type = mediaType(req);
    if (!type || !bodyTypes.includes(type)) {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Send the body as ${bodyTypes.join(" or ")} (got ${type ?? "no Content-Type"}).`);
    }
  }
}
