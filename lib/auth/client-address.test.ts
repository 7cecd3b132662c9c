import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER } from "./client-address.ts";
import { parseIpRangeList } from "./ip-address.ts";

const NO_PROXIES = parseIpRangeList("");
const PROXIES = parseIpRangeList("10.0.0.0/8, 2001:db8:100::/48, 192.0.2.7");

function from(peer: string | undefined, forwardedFor?: string) {
  const headers = new Headers();
  if (peer !== undefined) headers.set(PEER_HEADER, peer);
  if (forwardedFor !== undefined) headers.set("x-forwarded-for", forwardedFor);
  return headers;
}

describe("clientAddress", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress(from("198.51.100.20"), NO_PROXIES)).toBe("198.51.100.20");
    expect(clientAddress(from("198.51.100.20", "1.1.1.1"), NO_PROXIES)).toBe("198.51.100.20");
    expect(clientAddress(from("198.51.100.20", "1.1.1.1, 2.2.2.2"), NO_PROXIES)).toBe("198.51.100.20");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress(from("198.51.100.20", "10.0.0.5"), PROXIES)).toBe("198.51.100.20");
  });

  it("is unknown without the peer header (no trusted server in front), even with X-Forwarded-For", () => {
    expect(clientAddress(from(undefined), PROXIES)).toBeNull();
    expect(clientAddress(from(undefined, "203.0.113.5"), PROXIES)).toBeNull();
    expect(clientAddress(from(""), PROXIES)).toBeNull();
    expect(clientAddress(from("not-an-address"), PROXIES)).toBeNull();
  });

  it("steps through a chain of trusted proxies to the first address that is not one", () => {
    expect(clientAddress(from("10.0.0.1", "203.0.113.5"), PROXIES)).toBe("203.0.113.5");
    expect(clientAddress(from("10.0.0.1", "203.0.113.5, 10.9.9.9, 192.0.2.7"), PROXIES)).toBe("203.0.113.5");
  });

  it("does not let a client prepend a forged address to a proxy's X-Forwarded-For", () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the real address.
    expect(clientAddress(from("10.0.0.1", "1.2.3.4, 203.0.113.5"), PROXIES)).toBe("203.0.113.5");
    // A forged entry that names a trusted proxy does not let the client hide either.
    expect(clientAddress(from("10.0.0.1", "198.51.100.1, 10.0.0.2, 203.0.113.5"), PROXIES)).toBe("203.0.113.5");
  });

  it("is the last proxy when every hop is a trusted proxy (a health check from inside)", () => {
    expect(clientAddress(from("10.0.0.1"), PROXIES)).toBe("10.0.0.1");
    expect(clientAddress(from("10.0.0.1", "10.0.0.2"), PROXIES)).toBe("10.0.0.2");
  });

  it("normalises IPv4-mapped and IPv6 forms, for the peer and for hops", () => {
    expect(clientAddress(from("::ffff:10.0.0.1", "::ffff:203.0.113.5"), PROXIES)).toBe("203.0.113.5");
    expect(clientAddress(from("2001:db8:100::9", "2001:DB8:0:0::42"), PROXIES)).toBe("2001:db8::42");
    expect(clientAddress(from("::ffff:198.51.100.20"), NO_PROXIES)).toBe("198.51.100.20");
  });

  it("accepts ports on hops and extra spaces", () => {
    expect(clientAddress(from("10.0.0.1", "  203.0.113.5:51234 "), PROXIES)).toBe("203.0.113.5");
    expect(clientAddress(from("10.0.0.1", "[2001:db8::42]:443"), PROXIES)).toBe("2001:db8::42");
  });

  it("gives no address when a trusted proxy hands on an entry that is not one", () => {
    expect(clientAddress(from("10.0.0.1", "unknown"), PROXIES)).toBeNull();
    expect(clientAddress(from("10.0.0.1", "203.0.113.5,,10.0.0.2"), PROXIES)).toBeNull();
    expect(clientAddress(from("10.0.0.1", "203.0.113.5, 999.1.1.1"), PROXIES)).toBeNull();
    // Beyond the first untrusted hop nothing is read, so garbage there does not matter.
    expect(clientAddress(from("10.0.0.1", "garbage, 203.0.113.5"), PROXIES)).toBe("203.0.113.5");
  });

  it("reads next-auth's plain header object as well as Headers", () => {
    expect(clientAddress({ [PEER_HEADER]: "10.0.0.1", "x-forwarded-for": "203.0.113.5" }, PROXIES)).toBe("203.0.113.5");
    expect(clientAddress({ "x-forwarded-for": "203.0.113.5" }, PROXIES)).toBeNull();
  });
});
