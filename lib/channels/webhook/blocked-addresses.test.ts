import { describe, expect, it } from "vitest";
import { blockedAddressKind } from "./blocked-addresses.ts";

describe("addresses a webhook may not reach", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.10", "private"],
    ["fd12:3456::1", "private"],
    ["fc00::1", "private"],
    ["100.100.100.200", "carrier-grade NAT"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    // The same places written another way.
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::127.0.0.1", "IPv4-compatible"],
    ["64:ff9b::a00:1", "private network address (RFC 1918), through NAT64"],
    ["2002:7f00:1::1", "loopback address, through 6to4"],
    ["FE80::ABCD%eth0", "link-local"],
  ])("refuses %s (%s)", (address, kind) => {
    expect(blockedAddressKind(address)).toContain(kind);
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2606:4700::6810:84e5", "64:ff9b::808:808", "2002:808:808::1"])("allows the public address %s", (address) => {
    expect(blockedAddressKind(address)).toBeNull();
  });

  it("refuses text that is not an address", () => {
    expect(blockedAddressKind("localhost")).toBe("not an IP address");
    expect(blockedAddressKind("0x7f.1")).toBe("not an IP address");
  });
});
