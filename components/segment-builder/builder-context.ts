"use client";

import { createContext, useContext } from "react";
import type { SegmentNode } from "@/lib/segments/definition.schema";

export interface BuilderActions {
  /** `touch: false` for edits that start a rule over (a new field), so its empty values are not flagged yet. */
  update(id: string, fn: (node: SegmentNode) => SegmentNode, options?: { touch?: boolean }): void;
  remove(id: string): void;
  move(id: string, delta: -1 | 1): void;
  addCondition(groupId: string): void;
  addGroup(groupId: string): void;
  /** Marks a rule as edited, so its problems are shown. */
  touch(id: string): void;
}

export interface NodeIssue {
  message: string;
  /** Where inside the rule ("match.value", "window.days"); "" for the rule as a whole. */
  part: string;
}

export interface BuilderContextValue {
  slug: string;
  currency: string;
  /** The segment being edited (excluded from "member of segment"), null when new. */
  segmentId: number | null;
  actions: BuilderActions;
  /** Problems to show on a rule now (client checks once touched, server answers always). */
  issuesFor(id: string): NodeIssue[];
  readOnly: boolean;
}

export const BuilderContext = createContext<BuilderContextValue | null>(null);

export function useBuilder(): BuilderContextValue {
  const ctx = useContext(BuilderContext);
  if (!ctx) throw new Error("useBuilder outside SegmentBuilder");
  return ctx;
}

/** DOM id of a node's control, so focus can be moved to it after an edit. */
export function controlId(nodeId: string, part: "field" | "combinator" | "up" | "down" | "remove" | "add-condition" | "errors"): string {
  return `sb-${nodeId}-${part}`;
}
