import { describe, expect, it } from "vitest";
import { ParsedTemplateCache } from "./parsed-template-cache.ts";

describe("ParsedTemplateCache", () => {
  it("parses a source once and evicts the least recently used beyond its bounds", () => {
    const cache = new ParsedTemplateCache<string>(2, 1_000);
    const parse = (key: string) => () => `parsed ${key}`;
    expect(cache.get("a", parse("a"))).toBe("parsed a");
    cache.get("b", parse("b"));
    cache.get("a", parse("a")); // a is now the most recent
    expect(cache.parses).toBe(2);
    cache.get("c", parse("c")); // evicts b
    expect(cache.size).toBe(2);
    cache.get("a", parse("a"));
    expect(cache.parses).toBe(3);
    cache.get("b", parse("b"));
    expect(cache.parses).toBe(4);
  });

  it("bounds the total length of the sources it holds, and does not keep a failed parse", () => {
    const cache = new ParsedTemplateCache<number>(100, 10);
    cache.get("aaaaaa", () => 1);
    cache.get("bbbbbb", () => 2); // 12 characters held > 10: the oldest goes
    expect(cache.size).toBe(1);
    expect(() =>
      cache.get("bad", () => {
        throw new Error("does not parse");
      }),
    ).toThrow("does not parse");
    expect(cache.size).toBe(1);
  });
});
