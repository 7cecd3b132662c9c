import { describe, expect, it } from "vitest";
import type { RecommendedCategoryCondition } from "@/lib/segments/definition.schema";
import { describeNode } from "@/lib/segments/describe-rule";
import { fieldKeyOf, fieldOption } from "@/lib/segments/field-catalog";
import { parseSegmentDefinition } from "@/lib/segments/parse-definition";
import { SegmentDefinitionError } from "@/lib/segments/segment-definition-error";
import { conditionFor } from "./new-condition";

const wrap = (child: unknown) => ({ version: 1, root: { id: "root", type: "group", combinator: "and", children: [child] } });

describe("the builder's recommended-category rule", () => {
  it("starts as 'is … as the top recommendation', asks for a category, and round-trips through the saved definition", () => {
    const fresh = conditionFor("recommendedCategory", "r1");
    expect(fieldKeyOf(fresh)).toBe("recommendedCategory");
    expect(fieldOption("recommendedCategory")).toMatchObject({ label: "Recommended category", valuesFrom: "category" });
    try {
      parseSegmentDefinition(wrap(fresh));
      throw new Error("accepted an empty category");
    } catch (err) {
      expect(err).toBeInstanceOf(SegmentDefinitionError);
      expect((err as SegmentDefinitionError).issues[0]).toMatchObject({ nodeId: "r1", message: "Choose a category" });
    }
    if (fresh.type !== "recommendedCategory") throw new Error(`a ${fresh.type} rule`);
    const chosen: RecommendedCategoryCondition = { ...fresh, category: "Tea > Green" };
    const saved = parseSegmentDefinition(JSON.parse(JSON.stringify(wrap(chosen))));
    expect(saved.root.children[0]).toEqual(chosen);
    expect(describeNode(chosen, { currency: "USD" })).toBe("Recommended category is “Tea > Green” as the top recommendation");
    expect(describeNode({ ...chosen, op: "isNot", withinTop: 3 }, { currency: "USD" })).toBe("Recommended category is not “Tea > Green” within the top 3 recommendations");
  });
});
