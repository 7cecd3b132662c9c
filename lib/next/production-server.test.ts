import { describe, expect, it } from "vitest";
import { hasDecodablePath } from "./production-server.ts";

describe("hasDecodablePath", () => {
  it("accepts ordinary, encoded and non-ASCII paths", () => {
    for (const url of ["/", "/w/shop/segments/12", "/api/w/shop/segments?q=%ED%A0%80", "/w/caf%C3%A9", "/w/%F0%9F%98%80", "/a%20b"]) {
      expect(hasDecodablePath(url), url).toBe(true);
    }
  });
  it("refuses escapes that are not UTF-8: a lone surrogate, a truncated sequence, a stray percent", () => {
    for (const url of ["/api/w/shop/segments/%ED%A0%80", "/w/%C3", "/w/%FF", "/w/100%", "/w/%zz"]) {
      expect(hasDecodablePath(url), url).toBe(false);
    }
  });
});
