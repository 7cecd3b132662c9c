import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonSyntaxError } from "./json-syntax-error.ts";

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe("jsonSyntaxError", () => {
  it("finds where JSON text first goes wrong", () => {
    expect(jsonSyntaxError('{"a": 1}')).toBeNull();
    expect(jsonSyntaxError('{"name": Ada}')).toEqual({ offset: 9, message: 'expected a value but found "A"' });
    expect(jsonSyntaxError('{"a": 1,}')).toEqual({ offset: 8, message: 'expected a property name in double quotes but found "}"' });
    expect(jsonSyntaxError('{"a": "x\ny"}')).toEqual({ offset: 8, message: "a line break inside a string must be escaped" });
    expect(jsonSyntaxError('{"a": 1} x')).toEqual({ offset: 9, message: 'expected nothing more after the JSON value but found "x"' });
    expect(jsonSyntaxError('{"a": 1')).toEqual({ offset: 7, message: 'expected "," or "}" but found the end of the text' });
    expect(jsonSyntaxError('{"a": "\\q"}')).toEqual({ offset: 7, message: "invalid escape in a string" });
    expect(jsonSyntaxError("")).toEqual({ offset: 0, message: "expected a value but found the end of the text" });
  });

  it("agrees with JSON.parse on what is JSON, for JSON values and for broken variants of them", () => {
    const broken = fc.tuple(fc.json(), fc.nat(), fc.constantFrom("", ",", "}", "]", '"', "\n", "x", ":", "\\", "-", "0", "tru")).map(([json, at, insert]) => {
      const i = at % (json.length + 1);
      return json.slice(0, i) + insert + json.slice(i);
    });
    fc.assert(
      fc.property(fc.oneof(fc.json(), broken), (text) => {
        expect(jsonSyntaxError(text) === null).toBe(isJson(text));
      }),
      { numRuns: 2_000 },
    );
  });
});
