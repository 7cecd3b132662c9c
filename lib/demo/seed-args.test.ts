import { describe, expect, it } from "vitest";
import { parseSeedArgs } from "./seed-args.ts";

describe("parseSeedArgs", () => {
  it("reads every option", () => {
    expect(parseSeedArgs(["--customers", "1000000", "--seed", "7", "--workspace", "acme-2", "--as-of", "2026-06-30", "--reset"])).toEqual({
      customers: 1_000_000,
      seed: 7,
      workspace: "acme-2",
      asOf: "2026-06-30",
      reset: true,
      northwind: undefined,
    });
  });

  it("has defaults and can leave northwind out", () => {
    expect(parseSeedArgs(["--no-northwind"])).toMatchObject({ customers: 50_000, seed: 42, workspace: "demo", reset: false, northwind: false });
  });

  it.each([
    [["--customers", "-5"]],
    [["--customers", "lots"]],
    [["--as-of", "2026-13-45"]],
    [["--as-of", "yesterday"]],
    [["--workspace", "Bad Slug"]],
    [["--frobnicate"]],
  ])("rejects %j with a readable message", (argv) => {
    expect(() => parseSeedArgs(argv)).toThrow();
  });
});
