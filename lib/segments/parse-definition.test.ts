import { describe, expect, it } from "vitest";
import { parseSegmentDefinition, parseSegmentDefinitionJson } from "./parse-definition.ts";
import { SegmentDefinitionError } from "./segment-definition-error.ts";

const wrap = (...children: unknown[]) => ({ version: 1, root: { id: "root", type: "group", combinator: "and", children } });

function errorOf(input: unknown): SegmentDefinitionError {
  try {
    parseSegmentDefinition(input);
  } catch (err) {
    if (err instanceof SegmentDefinitionError) return err;
    throw err;
  }
  throw new Error("expected a SegmentDefinitionError");
}

describe("parseSegmentDefinition", () => {
  it("accepts a nested, negated tree and keeps it as written", () => {
    const input = wrap(
      { id: "a", type: "attribute", field: "country", match: { op: "in", values: ["FR", "DE"] } },
      { id: "g", type: "group", combinator: "or", negate: true, children: [{ id: "b", type: "metric", metric: "rScore", match: { op: "gte", value: 4 } }] },
    );
    expect(parseSegmentDefinition(input)).toEqual(input);
  });

  it("names the rule at fault and says what is wrong", () => {
    const wrongOp = errorOf(wrap({ id: "email-rule", type: "attribute", field: "email", match: { op: "gt", value: 3 } }));
    expect(wrongOp.nodeId).toBe("email-rule");
    expect(wrongOp.message).toMatch(/"gt" does not apply to a string value/);
    expect(wrongOp.code).toBe("VALIDATION");

    const badDate = errorOf(wrap({ id: "g", type: "group", combinator: "or", children: [{ id: "d", type: "attribute", field: "signedUpAt", match: { op: "before", value: "2024-02-30" } }] }));
    expect(badDate.nodeId).toBe("d");

    const badCount = errorOf(wrap({ id: "o", type: "orders", measure: "count", window: { kind: "ever" }, match: { op: "gte", value: 1.5 } }));
    expect(badCount.message).toMatch(/whole numbers/);

    const reversed = errorOf(wrap({ id: "n", type: "metric", metric: "pAlive", match: { op: "between", min: 0.9, max: 0.1 } }));
    expect(reversed.issues[0]).toMatchObject({ nodeId: "n", path: "root.children.0.match.max" });

    const typo = errorOf(wrap({ id: "t", type: "attribute", field: "email", match: { op: "isSet" }, nagate: true }));
    expect(typo.nodeId).toBe("t");
    expect(typo.message).toMatch(/nagate/);
  });

  it("enforces depth, size and uniqueness limits", () => {
    let nested: Record<string, unknown> = { id: "g8", type: "group", combinator: "and", children: [] };
    for (let i = 7; i >= 1; i--) nested = { id: `g${i}`, type: "group", combinator: "and", children: [nested] };
    expect(() => parseSegmentDefinition({ version: 1, root: nested })).not.toThrow();
    const tooDeep = { version: 1, root: { id: "g0", type: "group", combinator: "and", children: [nested] } };
    expect(errorOf(tooDeep).message).toMatch(/nest at most 8 levels/);

    const dup = errorOf(wrap({ id: "x", type: "attribute", field: "email", match: { op: "isSet" } }, { id: "x", type: "attribute", field: "city", match: { op: "isSet" } }));
    expect(dup.message).toMatch(/"x" is used twice/);
  });

  it("turns unreadable JSON into a validation error", () => {
    expect(() => parseSegmentDefinitionJson("{ nope")).toThrow(SegmentDefinitionError);
  });
});
