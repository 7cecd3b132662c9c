import { describe, expect, it } from "vitest";
import { cacheablePageSlug, varyIsCovered, wantsFreshRender } from "./cacheable-pages.ts";

describe("cacheablePageSlug", () => {
  it("names the workspace of the dashboards and read-only lists, with or without a query", () => {
    for (const path of ["", "/", "/customers", "/ltv", "/rfm", "/cohorts?period=week", "/value-drivers", "/products", "/segments/12", "/campaigns/programme?days=30", "/campaigns/7/results"]) {
      expect(cacheablePageSlug(`/w/acme${path}`), path).toBe("acme");
    }
  });

  it("leaves pages with live state, forms and settings to render every time", () => {
    for (const path of ["/jobs", "/import", "/import/3", "/settings", "/settings/users", "/campaigns", "/campaigns/4", "/segments/new", "/segments/4/edit", "/customers/9", "/account"]) {
      expect(cacheablePageSlug(`/w/acme${path}`), path).toBeNull();
    }
    expect(cacheablePageSlug("/api/v1/analytics/cohorts")).toBeNull();
    expect(cacheablePageSlug("/signin")).toBeNull();
  });

  it("keeps answers whose Vary the key covers, and notices a hard reload", () => {
    expect(varyIsCovered("RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Router-Segment-Prefetch, Accept-Encoding")).toBe(true);
    expect(varyIsCovered(undefined)).toBe(true);
    expect(varyIsCovered("Cookie")).toBe(false);
    expect(wantsFreshRender({ "cache-control": "no-cache" })).toBe(true);
    expect(wantsFreshRender({ pragma: "no-cache" })).toBe(true);
    expect(wantsFreshRender({ "cache-control": "max-age=0" })).toBe(false);
  });
});
