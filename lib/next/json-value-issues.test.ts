import { describe, expect, it } from "vitest";
import { formatJsonPath, JSON_LIMITS, jsonValueIssues, type JsonLimits } from "./json-value-issues.ts";

/** The issues as a reader sees them: formatted path and message. */
function issues(value: unknown, limits: JsonLimits = JSON_LIMITS) {
  return jsonValueIssues(value, limits).map((i) => ({ path: formatJsonPath(i.path), message: i.message }));
}

function nestedArrays(depth: number): unknown {
  // Built as text and parsed, as a client's body arrives: building it by hand is the same shape.
  return JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown;
}

describe("jsonValueIssues", () => {
  it("passes ordinary bodies, emoji and other valid surrogate pairs included", () => {
    expect(issues({ name: "Fans 😀", attributes: { nick: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ключ 🔑": ["中文", 1, null, true, { deep: "ß" }] } })).toEqual([]);
    expect(issues(nestedArrays(JSON_LIMITS.maxDepth))).toEqual([]);
  });

  it("names the field holding a NUL character, in a value or in a key", () => {
    expect(issues({ attributes: { nick: "a\u0000b" } })).toEqual([{ path: "attributes.nick", message: "must not contain NUL characters (\\u0000)" }]);
    expect(issues({ attributes: { "ni\u0000ck": "x" } })).toEqual([{ path: 'attributes["ni\\u0000ck"]', message: "key must not contain NUL characters (\\u0000)" }]);
    expect(issues({ definition: { rules: [{}, {}, {}, { value: "\u0000" }] } })[0]!.path).toBe("definition.rules[3].value");
  });

  it("names the field holding an unpaired surrogate, high or low", () => {
    expect(issues(JSON.parse('{"name":"x\\ud800"}'))).toEqual([{ path: "name", message: "must be valid Unicode (it holds an unpaired surrogate, \\ud800)" }]);
    expect(issues(JSON.parse('{"tags":["ok","\\udc00y"]}'))).toEqual([{ path: "tags[1]", message: "must be valid Unicode (it holds an unpaired surrogate, \\udc00)" }]);
    expect(issues(JSON.parse('{"\\ud83d":1}'))[0]!.message).toMatch(/^key must be valid Unicode/);
  });

  it("names a number past what a double holds (1e309 parses as Infinity and would be stored as null)", () => {
    expect(issues(JSON.parse('{"total":1e309,"ok":1e308,"low":-1e309}'))).toEqual([
      { path: "total", message: "is a number too large to store (beyond ±1.8e308)" },
      { path: "low", message: "is a number too large to store (beyond ±1.8e308)" },
    ]);
  });

  it("refuses a body nested 5,000 deep without running out of stack, naming where the limit was passed", () => {
    const found = issues(nestedArrays(5_000));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe(`nests deeper than ${JSON_LIMITS.maxDepth} levels of objects and arrays`);
    expect(found[0]!.path).toBe("[0]".repeat(JSON_LIMITS.maxDepth));
    expect(issues(nestedArrays(JSON_LIMITS.maxDepth + 1))).toHaveLength(1);
  });

  it("refuses an object of 100,000 keys, naming the object", () => {
    const many: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) many[`k${i}`] = i;
    expect(issues({ attributes: many })).toEqual([{ path: "attributes", message: `the request holds more than ${JSON_LIMITS.maxValues} values in all` }]);
  });

  it("counts values across the whole body, not per container", () => {
    const limits = { maxDepth: 32, maxValues: 10 };
    expect(issues({ a: [1, 2, 3], b: [4, 5, 6] }, limits)).toEqual([]);
    expect(issues({ a: [1, 2, 3], b: [4, 5, 6], c: [7, 8] }, limits)[0]!.message).toMatch(/more than 10 values/);
  });

  it("checks the strings of form data sent to a server action", () => {
    const form = new FormData();
    form.set("email", "a@example.test");
    form.set("name", "Ada\u0000");
    expect(issues(form)).toEqual([{ path: "name", message: "must not contain NUL characters (\\u0000)" }]);
  });
});
