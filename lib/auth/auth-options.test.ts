import { describe, expect, it } from "vitest";
import { authOptions } from "./auth-options.ts";

describe("next-auth's redirect callback", () => {
  const redirect = (url: string) => authOptions.callbacks!.redirect!({ url, baseUrl: "https://valueloop.example.com" });

  it("keeps same-origin destinations, relative or absolute", async () => {
    expect(await redirect("/w/acme/segments?tab=all#top")).toBe("https://valueloop.example.com/w/acme/segments?tab=all#top");
    expect(await redirect("https://valueloop.example.com/signin")).toBe("https://valueloop.example.com/signin");
  });

  it("sends anything that could leave the origin to the home page", async () => {
    for (const url of ["/\\evil.example", "/%5Cevil.example", "//evil.example", "/\tevil.example", "https://evil.example/", "javascript:alert(1)"]) {
      expect(await redirect(url)).toBe("https://valueloop.example.com/");
    }
  });
});
