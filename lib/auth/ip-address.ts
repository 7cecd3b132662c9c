import net from "node:net";

/**
 * IP addresses and ranges in one canonical form, so that "::ffff:10.0.0.1"
 * and "10.0.0.1", or "2001:DB8:0::1" and "2001:db8::1", are the same client
 * to the sign-in limiter and the same hop to the trusted-proxy check. Parsing,
 * RFC 5952 formatting and prefix matching are Node's own (node:net); this
 * module only adds the IPv4-mapped rule and strictness about input.
 */
export interface IpAddress {
  version: 4 | 6;
  /** Canonical text: dotted quad, or RFC 5952 IPv6. */
  text: string;
}

export interface IpRange extends IpAddress {
  prefixBits: number;
  /** Node's matcher for this one range. */
  matcher: net.BlockList;
}

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/;

/** Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 becomes the IPv4 address. Null when malformed. */
export function parseIp(text: string): IpAddress | null {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.length > 100) return null;
  // A zone ("fe80::1%eth0") names the local interface, not a different host.
  const address = trimmed.split("%")[0]!;
  // net.isIP refuses "010.0.0.1" (octal to some parsers, decimal to others).
  const version = net.isIP(address);
  if (version === 4) return { version: 4, text: address };
  if (version !== 6) return null;
  const canonical = new net.SocketAddress({ address, family: "ipv6" }).address;
  const mapped = MAPPED_V4.exec(canonical);
  return mapped ? { version: 4, text: mapped[1]! } : { version: 6, text: canonical };
}

export function formatIp(ip: IpAddress): string {
  return ip.text;
}

/** Canonical text of an address, or null when it is not one. */
export function normaliseIp(text: string): string | null {
  return parseIp(text)?.text ?? null;
}

/** "10.0.0.0/8", "2001:db8::/32", or a single address. Null when malformed. */
export function parseIpRange(text: string): IpRange | null {
  const [addressText, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined || addressText === undefined) return null;
  const raw = addressText.trim();
  const ip = parseIp(raw);
  if (!ip) return null;
  const maxBits = ip.version === 4 ? 32 : 128;
  let prefixBits = maxBits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText.trim())) return null;
    prefixBits = Number(prefixText.trim());
    // "::ffff:10.0.0.0/104" was parsed as IPv4: its prefix counts from bit 96.
    if (ip.version === 4 && raw.includes(":")) prefixBits -= 96;
    if (prefixBits < 0 || prefixBits > maxBits) return null;
  }
  const matcher = new net.BlockList();
  matcher.addSubnet(ip.text, prefixBits, ip.version === 4 ? "ipv4" : "ipv6");
  return { ...ip, prefixBits, matcher };
}

export function rangeContains(range: IpRange, ip: IpAddress): boolean {
  return range.version === ip.version && range.matcher.check(ip.text, ip.version === 4 ? "ipv4" : "ipv6");
}

/**
 * A comma-separated list of addresses and ranges (the TRUSTED_PROXIES
 * setting). Throws naming the first entry that is neither, so a typo stops
 * the server at start instead of silently trusting nothing.
 */
export function parseIpRangeList(list: string): IpRange[] {
  const entries = list
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  return entries.map((entry, index) => {
    const range = parseIpRange(entry);
    if (!range) throw new Error(`entry ${index + 1} ("${entry}") is not an IP address or CIDR range`);
    return range;
  });
}
