/**
 * IP addresses and ranges, parsed strictly and written in one canonical form,
 * so that "::ffff:10.0.0.1" and "10.0.0.1", or "2001:DB8:0::1" and
 * "2001:db8::1", are the same client to the sign-in limiter and the same hop
 * to the trusted-proxy check.
 */
export interface IpAddress {
  version: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: Uint8Array;
}

export interface IpRange extends IpAddress {
  prefixBits: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

function parseIpv4(text: string): Uint8Array | null {
  const match = IPV4.exec(text);
  if (!match) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = match[i + 1]!;
    // "010" is octal to some parsers and decimal to others: refuse the ambiguity.
    if (part.length > 1 && part.startsWith("0")) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[i] = value;
  }
  return bytes;
}

function parseGroups(text: string): number[] | null {
  if (text === "") return [];
  const groups: number[] = [];
  const parts = text.split(":");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i === parts.length - 1 && part.includes(".")) {
      const v4 = parseIpv4(part);
      if (!v4) return null;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function parseIpv6(text: string): Uint8Array | null {
  // A zone ("fe80::1%eth0") names the local interface, not a different host.
  const address = text.split("%")[0]!;
  const halves = address.split("::");
  if (halves.length > 2) return null;
  let groups: number[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0]!);
    const tail = parseGroups(halves[1]!);
    if (!head || !tail || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseGroups(address);
    if (!all || all.length !== 8) return null;
    groups = all;
  }
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  return bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 becomes the IPv4 address. Null when malformed. */
export function parseIp(text: string): IpAddress | null {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.length > 100) return null;
  const v4 = parseIpv4(trimmed);
  if (v4) return { version: 4, bytes: v4 };
  if (!trimmed.includes(":")) return null;
  const v6 = parseIpv6(trimmed);
  if (!v6) return null;
  if (isIpv4Mapped(v6)) return { version: 4, bytes: v6.slice(12) };
  return { version: 6, bytes: v6 };
}

/** The canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as "::"). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return Array.from(ip.bytes).join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  let bestStart = -1;
  let bestLength = 1; // a single zero group is written out, not compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/** Canonical text of an address, or null when it is not one. */
export function normaliseIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
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
  return { ...ip, prefixBits };
}

export function rangeContains(range: IpRange, ip: IpAddress): boolean {
  if (range.version !== ip.version) return false;
  const fullBytes = Math.floor(range.prefixBits / 8);
  for (let i = 0; i < fullBytes; i++) if (range.bytes[i] !== ip.bytes[i]) return false;
  const restBits = range.prefixBits % 8;
  if (restBits === 0) return true;
  const mask = (0xff << (8 - restBits)) & 0xff;
  return (range.bytes[fullBytes]! & mask) === (ip.bytes[fullBytes]! & mask);
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
