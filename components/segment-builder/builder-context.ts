"use client";

import { createContext, useContext } from "react";
import type { SegmentNode } from "@/lib/segments/definition.schema";

export interface BuilderActions {
  update(id: string, fn: (node: SegmentNode) => SegmentNode): void;
  remove(id: string): void;
  move(id: string, delta: -1 | 1): void;
  addCondition(groupId: string): void;
  addGroup(groupId: string): void;
  /** Marks a rule as edited, so its problems are shown. */
  touch(id: string): void;
}

export interface BuilderContextValue {
  slug: string;
  currency: string;
  /** The segment being edited (excluded from "member of segment"), null when new. */
  segmentId: number | null;
  actions: BuilderActions;
  /** Problems to show on a rule now (client checks once touched, server answers always). */
  issuesFor(id: string): string[];
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
