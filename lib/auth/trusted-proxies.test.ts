import { describe, expect, it } from "vitest";
import { trustedProxiesSetting } from "./trusted-proxies.ts";

describe("TRUSTED_PROXIES setting", () => {
  it("defaults to trusting no proxy", () => {
    expect(trustedProxiesSetting.parse(undefined)).toEqual([]);
  });

  it("refuses a malformed entry, naming it, instead of trusting nothing silently", () => {
    const result = trustedProxiesSetting.safeParse("10.0.0.0/8, lb.internal");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('entry 2 ("lb.internal")');
  });
});
