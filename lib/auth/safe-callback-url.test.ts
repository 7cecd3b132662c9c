import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url.ts";

const BASE = "https://valueloop.example.com";

describe("safeCallbackUrl", () => {
  it.each([
    ["/w/x?y#z", "/w/x?y#z"],
    ["/", "/"],
    ["/w/acme/segments/12?tab=members", "/w/acme/segments/12?tab=members"],
    ["/w/acme/customers?q=caf%C3%A9", "/w/acme/customers?q=caf%C3%A9"],
    ["https://valueloop.example.com/w/acme", "/w/acme"],
    ["https://valueloop.example.com", "/"],
    ["/w/../signin", "/signin"],
  ])("keeps the same-origin path %j as %j", (input, expected) => {
    expect(safeCallbackUrl(input, BASE)).toBe(expected);
  });

  it.each([
    "/\\evil.example/x",
    "/%5Cevil.example/x",
    "/%5cevil.example",
    "/%255Cevil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "/.//evil.example",
    "/\tevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/%0a/evil.example",
    "/w/x\r\nSet-Cookie: a=b",
    "/w/x%0d%0aSet-Cookie:%20a=b",
    "/\u0000/evil.example",
    "/\u007f",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example",
    "https://evil.example/w/acme",
    "http://valueloop.example.com/w/acme",
    "https://valueloop.example.com.evil.example/",
    "https://valueloop.example.com@evil.example/",
    "//valueloop.example.com@evil.example",
    "",
  ])("falls back to / for %j", (input) => {
    expect(safeCallbackUrl(input, BASE)).toBe("/");
  });

  it("resolves scheme-only forms the way a browser would: to a path on our own host", () => {
    expect(safeCallbackUrl("https:evil.example", BASE)).toBe("/evil.example");
    expect(safeCallbackUrl("https:/evil.example", BASE)).toBe("/evil.example");
    expect(safeCallbackUrl("http:/evil.example", BASE)).toBe("/");
  });

  it("falls back to / for values that are not strings or are absurdly long", () => {
    expect(safeCallbackUrl(undefined, BASE)).toBe("/");
    expect(safeCallbackUrl(["/w/x"], BASE)).toBe("/");
    expect(safeCallbackUrl(`/${"a".repeat(5000)}`, BASE)).toBe("/");
  });

  it("accepts relative paths only when no origin is given", () => {
    expect(safeCallbackUrl("/w/acme")).toBe("/w/acme");
    expect(safeCallbackUrl("https://valueloop.example.com/w/acme")).toBe("/");
    expect(safeCallbackUrl("/%5Chost")).toBe("/");
  });
});
