import { describe, expect, it } from "vitest";
import { normaliseIp, parseIp, parseIpRange, parseIpRangeList, rangeContains } from "./ip-address.ts";

describe("normaliseIp", () => {
  it.each([
    ["10.0.0.1", "10.0.0.1"],
    [" 203.0.113.9 ", "203.0.113.9"],
    ["::ffff:10.0.0.1", "10.0.0.1"],
    ["::FFFF:0a00:0001", "10.0.0.1"],
    ["0:0:0:0:0:ffff:10.0.0.1", "10.0.0.1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:0db8:0000:0001:0000:0000:0000:0001", "2001:db8:0:1::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["::1", "::1"],
    ["::", "::"],
    ["fe80::1%eth0", "fe80::1"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
    ["64:ff9b::192.0.2.1", "64:ff9b::c000:201"],
  ])("%s is %s", (input, expected) => {
    expect(normaliseIp(input)).toBe(expected);
  });

  it.each(["", "unknown", "1.2.3", "1.2.3.4.5", "256.1.1.1", "010.0.0.1", "1.2.3.-4", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", "::g", "1.2.3.4:80", "[::1]", "a".repeat(200)])(
    "refuses %j",
    (input) => {
      expect(parseIp(input)).toBeNull();
    },
  );
});

describe("ranges", () => {
  const inRange = (range: string, ip: string) => rangeContains(parseIpRange(range)!, parseIp(ip)!);

  it("matches IPv4 and IPv6 prefixes, including odd prefix lengths", () => {
    expect(inRange("10.0.0.0/8", "10.255.1.2")).toBe(true);
    expect(inRange("10.0.0.0/8", "11.0.0.1")).toBe(false);
    expect(inRange("192.168.4.0/22", "192.168.7.255")).toBe(true);
    expect(inRange("192.168.4.0/22", "192.168.8.0")).toBe(false);
    expect(inRange("2001:db8::/32", "2001:db8:ffff::1")).toBe(true);
    expect(inRange("2001:db8::/32", "2001:db9::1")).toBe(false);
    expect(inRange("0.0.0.0/0", "198.51.100.1")).toBe(true);
    expect(inRange("0.0.0.0/0", "2001:db8::1")).toBe(false);
  });

  it("treats a single address as its own range and IPv4-mapped forms as IPv4", () => {
    expect(inRange("10.0.0.1", "10.0.0.1")).toBe(true);
    expect(inRange("10.0.0.1", "10.0.0.2")).toBe(false);
    expect(inRange("10.0.0.0/8", "::ffff:10.1.2.3")).toBe(true);
    expect(inRange("::ffff:10.0.0.0/104", "10.1.2.3")).toBe(true);
    expect(inRange("::ffff:10.0.0.0/104", "11.1.2.3")).toBe(false);
  });

  it("reads a comma-separated list and names a bad entry", () => {
    expect(parseIpRangeList("")).toEqual([]);
    expect(parseIpRangeList(" 10.0.0.0/8 , ::1,")).toHaveLength(2);
    expect(() => parseIpRangeList("10.0.0.0/8, 10.0.0.0/33")).toThrow('entry 2 ("10.0.0.0/33")');
    expect(() => parseIpRangeList("proxy.internal")).toThrow('entry 1 ("proxy.internal")');
    expect(() => parseIpRangeList("2001:db8::/129")).toThrow("entry 1");
    expect(() => parseIpRangeList("10.0.0.0/8/8")).toThrow("entry 1");
  });
});
