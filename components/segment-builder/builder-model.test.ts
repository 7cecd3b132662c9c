import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GroupNode, Match, SegmentDefinition, SegmentNode } from "@/lib/segments/definition.schema";
import { parseSegmentDefinition } from "@/lib/segments/parse-definition";
import { SegmentDefinitionError } from "@/lib/segments/segment-definition-error";
import { FIELD_OPTIONS, fieldKeyOf, matchTarget } from "@/lib/segments/field-catalog";
import { appendChild, countNodes, emptyDefinition, focusAfterRemoval, locate, moveNode, newGroup, removeNode, withFreshIds } from "./builder-model";
import { conditionFor } from "./new-condition";
import { changeOp, opsFor } from "./operators";

function issuesOf(def: unknown): { nodeId: string | null; message: string }[] {
  try {
    parseSegmentDefinition(def);
    return [];
  } catch (err) {
    if (err instanceof SegmentDefinitionError) return [...err.issues];
    throw err;
  }
}

function ids(node: SegmentNode): string[] {
  return node.type === "group" ? [node.id, ...node.children.flatMap(ids)] : [node.id];
}

/** A random tree of groups and one kind of condition, built through the builder's own edits. */
const treeArb = fc
  .array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 0, maxLength: 25 })
  .map((steps) => {
    let def = emptyDefinition();
    let n = 0;
    for (const [pick, asGroup] of steps) {
      const groups = ids(def.root).filter((id) => locate(def.root, id)?.node.type === "group");
      const parent = groups[pick % groups.length]!;
      const id = `x${n++}`;
      def = appendChild(def, parent, asGroup ? newGroup(id) : conditionFor("metric.orderCount", id));
    }
    return def;
  });

describe("builder tree edits", () => {
  it("moving a rule down then up restores the tree, and never loses or duplicates a rule", () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), (def, pick) => {
        const all = ids(def.root).filter((id) => id !== "root");
        if (all.length === 0) return;
        const id = all[pick % all.length]!;
        const down = moveNode(def, id, 1);
        expect(ids(down.root).sort()).toEqual(ids(def.root).sort());
        const found = locate(def.root, id)!;
        if (found.index < found.parent!.children.length - 1) expect(moveNode(down, id, -1)).toEqual(def);
        else expect(down).toBe(def);
      }),
    );
  });

  it("removing a node removes exactly its subtree", () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), (def, pick) => {
        const all = ids(def.root).filter((id) => id !== "root");
        if (all.length === 0) return;
        const id = all[pick % all.length]!;
        const subtree = countNodes(locate(def.root, id)!.node);
        const after = removeNode(def, id);
        expect(countNodes(after.root)).toBe(countNodes(def.root) - subtree);
        expect(locate(after.root, id)).toBeNull();
      }),
    );
  });

  it("never removes the root group, and leaves the input definition untouched", () => {
    const def = appendChild(emptyDefinition(), "root", conditionFor("metric.revenue", "a"));
    const snapshot = structuredClone(def);
    expect(removeNode(def, "root")).toBe(def);
    moveNode(def, "a", 1);
    removeNode(def, "a");
    expect(def).toEqual(snapshot);
  });

  it("focuses the next sibling, else the previous, else the parent group after a removal", () => {
    let def = appendChild(emptyDefinition(), "root", newGroup("g"));
    def = appendChild(def, "g", conditionFor("metric.revenue", "a"));
    def = appendChild(def, "g", conditionFor("metric.revenue", "b"));
    expect(focusAfterRemoval(def, "a")).toBe("b");
    expect(focusAfterRemoval(def, "b")).toBe("a");
    expect(focusAfterRemoval(removeNode(def, "b"), "a")).toBe("g");
  });

  it("gives a copied definition new ids that the schema accepts", () => {
    let def = appendChild(emptyDefinition(), "root", newGroup("g"));
    def = appendChild(def, "g", conditionFor("metric.revenue", "a"));
    const copy = withFreshIds(def);
    expect(copy.root.id).toBe("root");
    const copyIds = ids(copy.root);
    expect(new Set(copyIds).size).toBe(3);
    expect(copyIds.filter((id) => id !== "root").some((id) => ids(def.root).includes(id))).toBe(false);
    expect(issuesOf(copy)).toEqual([]);
  });

  it("lets groups nest at least four levels deep", () => {
    let def: SegmentDefinition = emptyDefinition();
    let parent = "root";
    for (let level = 2; level <= 5; level++) {
      def = appendChild(def, parent, newGroup(`g${level}`));
      parent = `g${level}`;
    }
    def = appendChild(def, parent, conditionFor("attribute.emailConsent", "leaf"));
    expect(locate(def.root, "leaf")!.depth).toBe(6);
    expect(issuesOf(def)).toEqual([]);
  });
});

describe("field catalog", () => {
  // These rules cannot start complete: the marketer must name a value first.
  const NEEDS_INPUT = new Set(["purchase.category", "purchase.product", "event", "customAttribute", "segment"]);

  it("offers only rules the engine's schema knows; new rules are valid unless a value must be chosen", () => {
    for (const option of FIELD_OPTIONS) {
      const node = conditionFor(option.key, "c1");
      expect(fieldKeyOf(node)).toBe(option.key);
      const def: SegmentDefinition = { version: 1, root: { id: "root", type: "group", combinator: "and", children: [node] } };
      const issues = issuesOf(def);
      const needsChoice = NEEDS_INPUT.has(option.key) || (matchTarget(node).valuesFrom !== undefined && node.type !== "metric") || option.key === "metric.rfmSegment" || option.key === "metric.churnRiskBand";
      if (needsChoice) {
        expect(issues.length, option.key).toBeGreaterThan(0);
        // The error names the rule, so the builder can show it in place.
        expect(issues.every((i) => i.nodeId === "c1"), option.key).toBe(true);
      } else {
        expect(issues, option.key).toEqual([]);
      }
    }
  });

  it("switching operator keeps a rule valid for every field kind", () => {
    const seeds: Record<string, Match> = {
      "attribute.city": { op: "equals", value: "Berlin" },
      "metric.revenue": { op: "gte", value: 120 },
      "attribute.signedUpAt": { op: "withinLastDays", days: 14 },
      "attribute.emailConsent": { op: "equals", value: true },
    };
    for (const [key, start] of Object.entries(seeds)) {
      const base = conditionFor(key, "c1");
      const kind = matchTarget(base).kind;
      // Straight from the typed value, and along a chain of switches (isSet / isNotSet hold no value to carry).
      let chained = start;
      for (const op of [...opsFor(kind), ...opsFor(kind)].reverse()) {
        const fromStart = changeOp(kind, start, op);
        chained = op === "isSet" || op === "isNotSet" ? chained : changeOp(kind, chained, op);
        for (const match of [fromStart, chained]) {
        const node = { ...base, match } as SegmentNode;
        const root: GroupNode = { id: "root", type: "group", combinator: "or", children: [node] };
        expect(issuesOf({ version: 1, root }), `${key} → ${op}`).toEqual([]);
        }
      }
    }
  });

  it("carries the typed value over to the new operator", () => {
    expect(changeOp("string", { op: "equals", value: "DE" }, "in")).toEqual({ op: "in", values: ["DE"] });
    expect(changeOp("number", { op: "gte", value: 5 }, "between")).toEqual({ op: "between", min: 5, max: 5 });
    expect(changeOp("string", { op: "in", values: ["US", "DE"] }, "notIn")).toEqual({ op: "notIn", values: ["US", "DE"] });
  });
});
