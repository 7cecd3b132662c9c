import type { IncomingHttpHeaders } from "node:http";

/**
 * The pages the cache may answer: read-only views of what the workers keep
 * (dashboards, lists, the segment page, a campaign's results). Pages that
 * show live state of their own (jobs, imports, a campaign while it sends),
 * forms and settings always render.
 * Each entry is the path after /w/{workspace}.
 */
const CACHEABLE = [/^$/, /^\/customers$/, /^\/ltv$/, /^\/rfm$/, /^\/cohorts$/, /^\/value-drivers$/, /^\/products$/, /^\/segments\/\d+$/, /^\/campaigns\/programme$/, /^\/campaigns\/\d+\/results$/];

/** The workspace slug of a cacheable page's URL, or null when the URL is not one. */
export function cacheablePageSlug(url: string): string | null {
  const path = url.split("?", 1)[0]!;
  const match = /^\/w\/([^/]+)(.*?)\/?$/.exec(path);
  if (!match) return null;
  const [, slug, rest] = match;
  return CACHEABLE.some((re) => re.test(rest!)) ? decodeURIComponent(slug!) : null;
}

/**
 * Request headers Next.js answers differently by (its Vary header): a client
 * navigation asks for the React payload, not the document. They are part of
 * the cache key; an answer that varies by anything else is not kept.
 */
export const VARY_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-url"];

export function varyKey(headers: IncomingHttpHeaders): string {
  return VARY_HEADERS.map((name) => String(headers[name] ?? "")).join("\u0000");
}

/** Whether the answer's Vary names only what the key holds (and the encoding, which the cache does itself). */
export function varyIsCovered(vary: string | undefined): boolean {
  if (!vary) return true;
  return vary
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .every((v) => v === "" || v === "accept-encoding" || VARY_HEADERS.includes(v));
}

/** A hard reload (Cache-Control or Pragma: no-cache) renders afresh. */
export function wantsFreshRender(headers: IncomingHttpHeaders): boolean {
  return /no-cache/i.test(String(headers["cache-control"] ?? "")) || /no-cache/i.test(String(headers.pragma ?? ""));
}
