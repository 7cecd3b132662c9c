"use client";

import type { SegmentNode } from "@/lib/segments/definition.schema";
import { controlId, useBuilder } from "./builder-context";
import { smallButtonClass } from "./value-inputs";

/** Negate, reorder and remove: real buttons with names that say which rule they act on. */
export function NodeToolbar({ node, index, siblingCount, name }: { node: SegmentNode; index: number; siblingCount: number; name: string }) {
  const { actions } = useBuilder();
  const noun = node.type === "group" ? "group" : "rule";
  return (
    <div className="flex items-center gap-1">
      <label className="mr-1 inline-flex items-center gap-1 text-xs text-slate-700" title={noun === "group" ? "Exclude customers who match this group" : "Exclude customers who match this rule"}>
        <input
          type="checkbox"
          className="h-4 w-4 rounded border-slate-300"
          checked={node.negate === true}
          onChange={(e) => actions.update(node.id, (n) => ({ ...n, negate: e.target.checked || undefined }))}
          aria-label={`Negate ${name} (NOT)`}
        />
        NOT
      </label>
      <button type="button" id={controlId(node.id, "up")} className={smallButtonClass} disabled={index === 0} onClick={() => actions.move(node.id, -1)} aria-label={`Move ${name} up`}>
        ↑
      </button>
      <button
        type="button"
        id={controlId(node.id, "down")}
        className={smallButtonClass}
        disabled={index >= siblingCount - 1}
        onClick={() => actions.move(node.id, 1)}
        aria-label={`Move ${name} down`}
      >
        ↓
      </button>
      <button type="button" id={controlId(node.id, "remove")} className={`${smallButtonClass} text-red-700`} onClick={() => actions.remove(node.id)} aria-label={`Remove ${name}`}>
        Remove
      </button>
    </div>
  );
}
