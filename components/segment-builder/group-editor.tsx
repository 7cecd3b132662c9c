"use client";

import type { GroupNode } from "@/lib/segments/definition.schema";
import { canNestGroupAt } from "./builder-model";
import { controlId, useBuilder } from "./builder-context";
import { ConditionEditor } from "./condition-editor";
import { NodeToolbar } from "./node-toolbar";
import { smallButtonClass } from "./value-inputs";

const DEPTH_BORDERS = ["border-brand-500", "border-emerald-300", "border-amber-300", "border-fuchsia-300", "border-sky-300", "border-rose-300", "border-lime-300", "border-slate-400"];

/**
 * One group: how its rules combine (all / any), whether it is negated, and
 * its rules and sub-groups in order. The root group has no toolbar.
 */
/** `path` numbers nested items ("2.1" is the first item of the second), so every control has a distinct name. */
export function GroupEditor({ group, depth, index, siblingCount, path }: { group: GroupNode; depth: number; index: number; siblingCount: number; path: string }) {
  const { actions, issuesFor, readOnly } = useBuilder();
  const isRoot = depth === 1;
  const issues = [...new Set(issuesFor(group.id).map((i) => i.message))];
  const errorsId = controlId(group.id, "errors");
  const title = isRoot ? "All customers who match" : `Group ${path}`;
  const joiner = group.combinator === "and" ? "AND" : "OR";
  const headingId = `sb-${group.id}-heading`;
  const childPath = (i: number) => (path ? `${path}.${i + 1}` : String(i + 1));

  return (
    <section
      aria-labelledby={headingId}
      className={`rounded-lg border-l-4 ${DEPTH_BORDERS[(depth - 1) % DEPTH_BORDERS.length]} ${isRoot ? "bg-white" : "bg-slate-50"} border border-slate-200 p-3`}
    >
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h3 id={headingId} className="text-sm font-semibold text-slate-800">
          {title}
          {group.negate ? <span className="ml-1 rounded bg-red-50 px-1 text-xs font-medium text-red-700">NOT</span> : null}
        </h3>
        <div role="group" aria-label={`${isRoot ? "Top level" : `Group ${path}`}: combine rules with`} className="inline-flex overflow-hidden rounded-md border border-slate-300 text-xs">
          {(["and", "or"] as const).map((c) => (
            <button
              key={c}
              type="button"
              id={c === "and" ? controlId(group.id, "combinator") : undefined}
              aria-pressed={group.combinator === c}
              className={`px-2 py-1 font-semibold focus:outline-none focus:ring-2 focus:ring-inset focus:ring-brand-500 ${group.combinator === c ? "bg-brand-600 text-white" : "bg-white text-slate-700 hover:bg-slate-50"}`}
              onClick={() => actions.update(group.id, (n) => ({ ...n, combinator: c }))}
              disabled={readOnly}
            >
              {c === "and" ? "ALL (AND)" : "ANY (OR)"}
            </button>
          ))}
        </div>
        {isRoot ? (
          <label className="inline-flex items-center gap-1 text-xs text-slate-700">
            <input
              type="checkbox"
              className="h-4 w-4 rounded border-slate-300"
              checked={group.negate === true}
              onChange={(e) => actions.update(group.id, (n) => ({ ...n, negate: e.target.checked || undefined }))}
            />
            NOT (everyone except these)
          </label>
        ) : (
          <div className="ml-auto">
            <NodeToolbar node={group} index={index} siblingCount={siblingCount} name={`group ${path}`} />
          </div>
        )}
      </div>

      {group.children.length === 0 ? (
        <p className="mb-2 text-sm text-slate-500">
          {isRoot ? "No rules yet: everyone matches. Add a condition to narrow the audience." : "This group is empty and has no effect. Add a condition to it, or remove it."}
        </p>
      ) : (
        <ol className="space-y-2">
          {group.children.map((child, i) => (
            <li key={child.id}>
              {i > 0 ? (
                <div className="mb-2 text-xs font-bold tracking-wide text-slate-500" aria-hidden="true">
                  {joiner}
                </div>
              ) : null}
              {child.type === "group" ? (
                <GroupEditor group={child} depth={depth + 1} index={i} siblingCount={group.children.length} path={childPath(i)} />
              ) : (
                <ConditionEditor node={child} index={i} siblingCount={group.children.length} path={childPath(i)} />
              )}
            </li>
          ))}
        </ol>
      )}

      {issues.length ? (
        <ul id={errorsId} className="mt-2 space-y-0.5 text-xs text-red-700">
          {issues.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}

      <div className="mt-2 flex gap-2">
        <button type="button" id={controlId(group.id, "add-condition")} className={smallButtonClass} onClick={() => actions.addCondition(group.id)}>
          + Add condition{isRoot ? "" : ` to group ${path}`}
        </button>
        <button
          type="button"
          className={smallButtonClass}
          onClick={() => actions.addGroup(group.id)}
          disabled={!canNestGroupAt(depth)}
          title={canNestGroupAt(depth) ? undefined : "Groups nest at most 8 levels deep"}
        >
          + Add group{isRoot ? "" : ` inside group ${path}`}
        </button>
      </div>
    </section>
  );
}
