import { describe, expect, it } from "vitest";
import { parseRouteId } from "./route-id.ts";

describe("parseRouteId", () => {
  it("accepts the ids an int4 column can hold", () => {
    expect(parseRouteId("1", "Segment")).toBe(1);
    expect(parseRouteId("2147483647", "Segment")).toBe(2_147_483_647);
  });

  it("answers not found for anything else, past the int4 range included", () => {
    for (const raw of [undefined, "", "0", "01", "-1", "1.5", "1e3", " 1", "abc", "2147483648", "9999999999", "99999999999"]) {
      expect(() => parseRouteId(raw, "Import")).toThrow(expect.objectContaining({ code: "NOT_FOUND", message: "Import not found" }));
    }
  });
});
