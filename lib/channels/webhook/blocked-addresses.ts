import { parseIp, parseIpRange, rangeContains, type IpRange } from "../../auth/ip-address.ts";

/**
 * Addresses a webhook must not reach unless the operator allows private
 * networks: they lead to the server itself, its private network or its cloud
 * provider's metadata service, not to a receiver on the internet.
 */
const V4_RANGES: [string, string][] = [
  ["0.0.0.0/8", "an unspecified address"],
  ["10.0.0.0/8", "a private network address (RFC 1918)"],
  ["100.64.0.0/10", "a carrier-grade NAT address (RFC 6598)"],
  ["127.0.0.0/8", "a loopback address"],
  ["169.254.0.0/16", "a link-local address (cloud metadata services answer there)"],
  ["172.16.0.0/12", "a private network address (RFC 1918)"],
  ["192.168.0.0/16", "a private network address (RFC 1918)"],
  ["224.0.0.0/4", "a multicast address"],
  ["240.0.0.0/4", "a reserved or broadcast address"],
];

const V6_RANGES: [string, string][] = [
  ["::/128", "an unspecified address"],
  ["::1/128", "a loopback address"],
  // Deprecated IPv4-compatible form (::a.b.c.d): no receiver on the internet uses it.
  ["::/96", "an IPv4-compatible address"],
  ["fc00::/7", "a private network address (unique local, fc00::/7)"],
  ["fec0::/10", "a site-local address"],
  ["fe80::/10", "a link-local address"],
  ["ff00::/8", "a multicast address"],
];

/** The IPv4 ranges again inside NAT64 (64:ff9b::/96) and 6to4 (2002::/16), which carry an IPv4 address a gateway would connect to. */
function embeddedV4(cidr: string, kind: string): [string, string][] {
  const [address, bits] = cidr.split("/") as [string, string];
  const octets = address.split(".").map(Number);
  const high = ((octets[0]! << 8) | octets[1]!).toString(16);
  const low = ((octets[2]! << 8) | octets[3]!).toString(16);
  return [
    [`64:ff9b::${high}:${low}/${96 + Number(bits)}`, `${kind}, through NAT64`],
    [`2002:${high}:${low}::/${16 + Number(bits)}`, `${kind}, through 6to4`],
  ];
}

const BLOCKED: { range: IpRange; kind: string }[] = [...V4_RANGES, ...V6_RANGES, ...V4_RANGES.flatMap(([cidr, kind]) => embeddedV4(cidr, kind))].map(([cidr, kind]) => {
  const range = parseIpRange(cidr);
  if (!range) throw new Error(`blocked range ${cidr} does not parse`);
  return { range, kind };
});

/**
 * What kind of non-public address `address` is ("a loopback address"), or
 * null for an address a webhook may reach. IPv4-mapped IPv6
 * (::ffff:127.0.0.1) is judged as the IPv4 address it maps; text that is
 * not an address is refused too.
 */
export function blockedAddressKind(address: string): string | null {
  const ip = parseIp(address);
  if (!ip) return "not an IP address";
  return BLOCKED.find(({ range }) => rangeContains(range, ip))?.kind ?? null;
}
