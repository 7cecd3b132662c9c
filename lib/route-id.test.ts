import { describe, expect, it } from "vitest";
import { isBigintId, parseQueryId, parseRouteId } from "./route-id.ts";

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

describe("isBigintId", () => {
  it("accepts customer ids up to the largest bigint", () => {
    expect(isBigintId("1")).toBe(true);
    expect(isBigintId("9223372036854775807")).toBe(true);
  });

  it("refuses ids past bigint, NUL and anything not an id", () => {
    for (const raw of [undefined, 7, "", "0", "007", "-1", "1e3", "9223372036854775808", "99999999999999999999", "1\u0000", "\u0000"]) {
      expect(isBigintId(raw), String(raw)).toBe(false);
    }
  });
});

describe("parseQueryId", () => {
  it("is undefined when absent and the number when it is an int4 id", () => {
    expect(parseQueryId(null, "from", "the id of an RFM run")).toBeUndefined();
    expect(parseQueryId("2147483647", "from", "the id of an RFM run")).toBe(2_147_483_647);
  });

  it("answers 422 naming the parameter past int4, for 1e309, negatives, NUL and empty text", () => {
    for (const raw of ["2147483648", "1e309", "-1", "0", "", "\u0000", "1.5", "abc"]) {
      expect(() => parseQueryId(raw, "from", "the id of an RFM run")).toThrow(
        expect.objectContaining({
          code: "VALIDATION",
          message: "from must be the id of an RFM run (a whole number from 1 to 2147483647)",
          details: [{ path: "from", message: "from must be the id of an RFM run (a whole number from 1 to 2147483647)" }],
        }),
      );
    }
  });
});
