import { SEGMENT_LIMITS, type GroupNode, type SegmentDefinition, type SegmentNode } from "@/lib/segments/definition.schema";

/**
 * Immutable edits on the rule tree the builder holds. Every function returns
 * a new definition (React state) and leaves the input untouched; an unknown
 * node id leaves the tree as it was.
 */

let counter = 0;

/** Short client ids, unique within a definition (the schema allows [A-Za-z0-9_.:-]). */
export function newNodeId(): string {
  counter = (counter + 1) % 1_000_000;
  return `n${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`;
}

export function newGroup(id = newNodeId()): GroupNode {
  return { id, type: "group", combinator: "and", children: [] };
}

export function emptyDefinition(): SegmentDefinition {
  return { version: 1, root: newGroup("root") };
}

export interface Located {
  node: SegmentNode;
  parent: GroupNode | null;
  index: number;
  /** The root group is depth 1. */
  depth: number;
}

export function locate(root: GroupNode, id: string): Located | null {
  const stack: Located[] = [{ node: root, parent: null, index: 0, depth: 1 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.node.id === id) return item;
    if (item.node.type === "group") {
      const group = item.node;
      group.children.forEach((child, index) => stack.push({ node: child, parent: group, index, depth: item.depth + 1 }));
    }
  }
  return null;
}

function mapNode(node: SegmentNode, id: string, fn: (n: SegmentNode) => SegmentNode | null): SegmentNode | null {
  if (node.id === id) return fn(node);
  if (node.type !== "group") return node;
  let changed = false;
  const children: SegmentNode[] = [];
  for (const child of node.children) {
    const next = mapNode(child, id, fn);
    if (next !== child) changed = true;
    if (next) children.push(next);
  }
  return changed ? { ...node, children } : node;
}

function withRoot(def: SegmentDefinition, root: SegmentNode | null): SegmentDefinition {
  if (!root || root.type !== "group") return def;
  return root === def.root ? def : { ...def, root };
}

export function replaceNode(def: SegmentDefinition, id: string, fn: (n: SegmentNode) => SegmentNode): SegmentDefinition {
  return withRoot(def, mapNode(def.root, id, fn));
}

export function removeNode(def: SegmentDefinition, id: string): SegmentDefinition {
  if (id === def.root.id) return def;
  return withRoot(def, mapNode(def.root, id, () => null));
}

export function appendChild(def: SegmentDefinition, groupId: string, child: SegmentNode): SegmentDefinition {
  return replaceNode(def, groupId, (n) => (n.type === "group" ? { ...n, children: [...n.children, child] } : n));
}

/** Moves a node one place up (-1) or down (+1) among its siblings. */
export function moveNode(def: SegmentDefinition, id: string, delta: -1 | 1): SegmentDefinition {
  const found = locate(def.root, id);
  if (!found?.parent) return def;
  const target = found.index + delta;
  if (target < 0 || target >= found.parent.children.length) return def;
  return replaceNode(def, found.parent.id, (n) => {
    if (n.type !== "group") return n;
    const children = [...n.children];
    [children[found.index], children[target]] = [children[target]!, children[found.index]!];
    return { ...n, children };
  });
}

/** Whether a group at this depth may hold another group. */
export function canNestGroupAt(depth: number): boolean {
  return depth < SEGMENT_LIMITS.maxDepth;
}

export function countNodes(node: SegmentNode): number {
  return node.type === "group" ? 1 + node.children.reduce((s, c) => s + countNodes(c), 0) : 1;
}

/**
 * Gives every node a fresh id when a definition comes from elsewhere (a
 * template, a copy), so ids stay unique if pieces are combined later.
 */
export function withFreshIds(def: SegmentDefinition): SegmentDefinition {
  const relabel = (node: SegmentNode, isRoot: boolean): SegmentNode => {
    const id = isRoot ? "root" : newNodeId();
    return node.type === "group" ? { ...node, id, children: node.children.map((c) => relabel(c, false)) } : { ...node, id };
  };
  return { ...def, root: relabel(def.root, true) as GroupNode };
}

/** The node to focus after `id` is removed: the next sibling, else the previous, else the parent. */
export function focusAfterRemoval(def: SegmentDefinition, id: string): string | null {
  const found = locate(def.root, id);
  if (!found?.parent) return null;
  const siblings = found.parent.children;
  return siblings[found.index + 1]?.id ?? siblings[found.index - 1]?.id ?? found.parent.id;
}
