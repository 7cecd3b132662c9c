import { env } from "../env.ts";
import { formatIp, parseIp, rangeContains, type IpAddress, type IpRange } from "./ip-address.ts";

/**
 * Set by our web server (scripts/serve.ts) on every request to the TCP peer's
 * address, overwriting whatever the client sent, so it cannot be forged.
 */
export const PEER_HEADER = "x-valueloop-peer";

export type HeaderSource = Headers | Readonly<Record<string, string | string[] | undefined>>;

function readHeader(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** One X-Forwarded-For entry: an address, possibly with a port ("1.2.3.4:5678", "[2001:db8::1]:443"). */
function parseHop(entry: string): IpAddress | null {
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return parseIp(bracketed[1]!);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  if (v4WithPort) return parseIp(v4WithPort[1]!);
  return parseIp(text);
}

/**
 * The address of the client that sent this request, as far as it can be
 * known: start from the TCP peer; while the current hop is one of our trusted
 * proxies and X-Forwarded-For has entries left, step to the right-most
 * remaining entry (the one that proxy appended). The first hop that is not a
 * trusted proxy is the client. Entries left of it were written by the client
 * and are ignored, so a forged X-Forwarded-For buys nothing.
 *
 * Null when there is no peer header (e.g. `next start` without our server) or
 * when a trusted proxy handed on an entry that is not an address: the caller
 * then has no address rather than a wrong one.
 */
export function clientAddress(headers: HeaderSource, trustedProxies: readonly IpRange[] = env.TRUSTED_PROXIES): string | null {
  const peer = readHeader(headers, PEER_HEADER);
  if (!peer) return null;
  let current = parseHop(peer);
  if (!current) return null;
  const forwarded = readHeader(headers, "x-forwarded-for");
  const hops = forwarded === null || forwarded.trim() === "" ? [] : forwarded.split(",");
  const isTrusted = (ip: IpAddress) => trustedProxies.some((range) => rangeContains(range, ip));
  for (let next = hops.length - 1; next >= 0 && isTrusted(current); next--) {
    const hop = parseHop(hops[next]!);
    if (!hop) return null;
    current = hop;
  }
  return formatIp(current);
}
