"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import type { SegmentDefinition, SegmentNode } from "@/lib/segments/definition.schema";
import { parseSegmentDefinition } from "@/lib/segments/parse-definition";
import { isSegmentDefinitionError } from "@/lib/segments/segment-definition-error";
import { Button } from "@/components/ui/button";
import { errorMessage, issuesFromError, type DefinitionIssue } from "./response-errors";
import { AudiencePreview } from "./audience-preview";
import { BuilderContext, controlId, type BuilderContextValue, type NodeIssue } from "./builder-context";
import { appendChild, emptyDefinition, focusAfterRemoval, locate, moveNode, newGroup, newNodeId, removeNode, replaceNode, withFreshIds } from "./builder-model";
import { conditionFor } from "./new-condition";
import { GroupEditor } from "./group-editor";
import { useAudienceCount } from "./use-audience-count";
import { inputClass } from "./value-inputs";

export interface TemplateOption {
  key: string;
  name: string;
  description: string;
  definition: SegmentDefinition;
}

export interface SegmentBuilderProps {
  slug: string;
  currency: string;
  templates: TemplateOption[];
  /** The segment being edited; absent for a new one. */
  initial?: { id: number; name: string; description: string | null; kind: "DYNAMIC" | "STATIC"; definition: SegmentDefinition };
  /** Template to start a new segment from. */
  startTemplate?: TemplateOption;
}

/** The rule a new condition starts as: valid at once, so the count updates immediately. */
const FIRST_FIELD = "orders.count";

function friendly(message: string): string {
  return /expected number|received NaN|received null/i.test(message) ? "Enter a number" : message;
}

function clientCheck(def: SegmentDefinition): { valid: SegmentDefinition | null; issues: DefinitionIssue[] } {
  try {
    return { valid: parseSegmentDefinition(def), issues: [] };
  } catch (err) {
    if (isSegmentDefinitionError(err)) return { valid: null, issues: err.issues.map((i) => ({ ...i, message: friendly(i.message) })) };
    throw err;
  }
}

/** Each node's JSON path ("root.children.1"), the form issue paths use. */
function nodePaths(root: SegmentNode): Map<string, string> {
  const paths = new Map<string, string>();
  const walk = (node: SegmentNode, path: string) => {
    paths.set(node.id, path);
    if (node.type === "group") node.children.forEach((c, i) => walk(c, `${path}.children.${i}`));
  };
  walk(root, "root");
  return paths;
}

function focusTarget(def: SegmentDefinition, id: string | null): string | null {
  if (!id) return null;
  const found = locate(def.root, id);
  if (!found) return null;
  return controlId(id, found.node.type === "group" ? "combinator" : "field");
}

export function SegmentBuilder({ slug, currency, templates, initial, startTemplate }: SegmentBuilderProps) {
  const router = useRouter();
  const [definition, setDefinition] = useState<SegmentDefinition>(
    () => initial?.definition ?? (startTemplate ? withFreshIds(startTemplate.definition) : emptyDefinition()),
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [showAll, setShowAll] = useState(false);
  const [saveIssues, setSaveIssues] = useState<DefinitionIssue[]>([]);
  const [focus, setFocus] = useState<{ id: string; n: number } | null>(null);
  const [name, setName] = useState(initial?.name ?? startTemplate?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? startTemplate?.description ?? "");
  const [kind, setKind] = useState<"DYNAMIC" | "STATIC">(initial?.kind ?? "DYNAMIC");
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [templateKey, setTemplateKey] = useState(startTemplate?.key ?? "");

  const check = useMemo(() => clientCheck(definition), [definition]);
  const audience = useAudienceCount(slug, check.valid);

  useEffect(() => {
    if (focus) document.getElementById(focus.id)?.focus();
  }, [focus]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const requestFocus = useCallback((id: string | null) => {
    if (id) setFocus((f) => ({ id, n: (f?.n ?? 0) + 1 }));
  }, []);

  const edit = useCallback((next: (d: SegmentDefinition) => SegmentDefinition, touchedId?: string) => {
    setDefinition(next);
    setSaveIssues([]);
    setDirty(true);
    if (touchedId) setTouched((t) => (t.has(touchedId) ? t : new Set(t).add(touchedId)));
  }, []);

  const actions = useMemo<BuilderContextValue["actions"]>(
    () => ({
      update: (id, fn, options) => edit((d) => replaceNode(d, id, fn), options?.touch === false ? undefined : id),
      remove: (id) => {
        const next = removeNode(definition, id);
        const parentId = locate(definition.root, id)?.parent?.id ?? definition.root.id;
        const neighbour = focusAfterRemoval(definition, id);
        // The last rule of a group gone: the natural next step is adding another.
        requestFocus(neighbour && neighbour !== parentId ? focusTarget(next, neighbour) : controlId(parentId, "add-condition"));
        edit(() => next);
      },
      move: (id, delta) => {
        const next = moveNode(definition, id, delta);
        const found = locate(next.root, id);
        const last = found?.parent ? found.parent.children.length - 1 : 0;
        // Keep focus on the button just used unless it is now disabled at the end of the list.
        const part = delta < 0 ? (found?.index === 0 ? "down" : "up") : found?.index === last ? "up" : "down";
        requestFocus(controlId(id, part));
        edit(() => next);
      },
      addCondition: (groupId) => {
        const node = conditionFor(FIRST_FIELD, newNodeId());
        requestFocus(controlId(node.id, "field"));
        edit((d) => appendChild(d, groupId, node));
      },
      addGroup: (groupId) => {
        const condition = conditionFor(FIRST_FIELD, newNodeId());
        const group = { ...newGroup(), children: [condition] };
        requestFocus(controlId(group.id, "combinator"));
        edit((d) => appendChild(d, groupId, group));
      },
      touch: (id) => setTouched((t) => (t.has(id) ? t : new Set(t).add(id))),
    }),
    [definition, edit, requestFocus],
  );

  const visibleIssues = useMemo(() => {
    const serverIssues = audience.status === "invalid" ? audience.issues : [];
    const paths = nodePaths(definition.root);
    const byNode = new Map<string, NodeIssue[]>();
    const general: string[] = [];
    const add = (issue: DefinitionIssue) => {
      const nodePath = issue.nodeId ? paths.get(issue.nodeId) : undefined;
      if (issue.nodeId && nodePath !== undefined) {
        const part = issue.path.startsWith(`${nodePath}.`) ? issue.path.slice(nodePath.length + 1) : "";
        const list = byNode.get(issue.nodeId) ?? [];
        if (!list.some((i) => i.message === issue.message && i.part === part)) list.push({ message: issue.message, part });
        byNode.set(issue.nodeId, list);
      } else if (!general.includes(issue.message)) general.push(issue.message);
    };
    check.issues.filter((i) => showAll || (i.nodeId !== null && touched.has(i.nodeId))).forEach(add);
    [...serverIssues, ...saveIssues].forEach(add);
    return { byNode, general };
  }, [check.issues, audience, saveIssues, showAll, touched, definition]);

  const ctx: BuilderContextValue = {
    slug,
    currency,
    segmentId: initial?.id ?? null,
    actions,
    issuesFor: (id) => visibleIssues.byNode.get(id) ?? [],
    readOnly: false,
  };

  const incompleteRules = new Set(check.issues.map((i) => i.nodeId)).size;

  function applyTemplate() {
    const template = templates.find((t) => t.key === templateKey);
    if (!template) return;
    if (definition.root.children.length > 0 && !window.confirm(`Replace the current rules with the “${template.name}” template?`)) return;
    edit(() => withFreshIds(template.definition));
    if (!name.trim()) setName(template.name);
    if (!description.trim()) setDescription(template.description);
    requestFocus(controlId("root", "combinator"));
  }

  async function onSave(e: FormEvent) {
    e.preventDefault();
    setSaveError(null);
    setNameError(null);
    if (!name.trim()) {
      setNameError("Give the segment a name.");
      document.getElementById("segment-name")?.focus();
      return;
    }
    if (!check.valid) {
      setShowAll(true);
      setSaveError("Some rules are incomplete; they are marked in red.");
      const first = check.issues.find((i) => i.nodeId);
      requestFocus(focusTarget(definition, first?.nodeId ?? null));
      return;
    }
    setSaving(true);
    try {
      const res = await fetch(initial ? `/api/w/${encodeURIComponent(slug)}/segments/${initial.id}` : `/api/w/${encodeURIComponent(slug)}/segments`, {
        method: initial ? "PATCH" : "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ name: name.trim(), description: description.trim() || null, kind, definition: check.valid }),
      });
      const json: unknown = await res.json().catch(() => null);
      if (res.ok) {
        const id = (json as { segment?: { id?: number } } | null)?.segment?.id ?? initial?.id;
        setDirty(false);
        router.push(`/w/${slug}/segments/${id}`);
        router.refresh();
        return;
      }
      if (res.status === 409) {
        setNameError(errorMessage(json, "A segment with this name already exists."));
        document.getElementById("segment-name")?.focus();
        return;
      }
      const issues = issuesFromError(json);
      setSaveIssues(issues);
      setShowAll(true);
      setSaveError(errorMessage(json, `Saving failed (HTTP ${res.status}).`));
      requestFocus(focusTarget(definition, issues.find((i) => i.nodeId)?.nodeId ?? null));
    } catch {
      setSaveError("Saving failed: the server could not be reached.");
    } finally {
      setSaving(false);
    }
  }

  return (
    <BuilderContext.Provider value={ctx}>
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-3">
          {!initial && templates.length > 0 ? (
            <div className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3">
              <label className="flex flex-col text-xs font-medium text-slate-700">
                Start from a template
                <select className={`${inputClass} mt-1`} value={templateKey} onChange={(e) => setTemplateKey(e.target.value)}>
                  <option value="">Choose…</option>
                  {templates.map((t) => (
                    <option key={t.key} value={t.key}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
              <Button variant="secondary" onClick={applyTemplate} disabled={!templateKey}>
                Use template
              </Button>
              {templateKey ? <p className="w-full text-xs text-slate-500">{templates.find((t) => t.key === templateKey)?.description}</p> : null}
            </div>
          ) : null}
          {visibleIssues.general.length ? (
            <ul role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800">
              {visibleIssues.general.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
          <GroupEditor group={definition.root} depth={1} index={0} siblingCount={1} path="" />
        </div>

        <div className="space-y-4 xl:sticky xl:top-4 xl:self-start">
          <AudiencePreview slug={slug} state={audience} incompleteRules={incompleteRules} />
          <form onSubmit={onSave} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="save-heading" noValidate>
            <h2 id="save-heading" className="text-sm font-semibold text-slate-800">
              {initial ? "Save changes" : "Save segment"}
            </h2>
            <label className="block text-sm">
              <span className="font-medium text-slate-700">Name</span>
              <input
                id="segment-name"
                className={`${inputClass} mt-1 w-full`}
                value={name}
                maxLength={120}
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? "segment-name-error" : undefined}
                onChange={(e) => {
                  setName(e.target.value);
                  setDirty(true);
                }}
              />
              {nameError ? (
                <span id="segment-name-error" className="mt-1 block text-xs text-red-700">
                  {nameError}
                </span>
              ) : null}
            </label>
            <label className="block text-sm">
              <span className="font-medium text-slate-700">Description (optional)</span>
              <textarea className={`${inputClass} mt-1 w-full`} rows={2} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />
            </label>
            <fieldset className="text-sm">
              <legend className="font-medium text-slate-700">Membership</legend>
              <label className="mt-1 flex items-start gap-2">
                <input type="radio" name="kind" className="mt-1" checked={kind === "DYNAMIC"} onChange={() => setKind("DYNAMIC")} />
                <span>
                  Dynamic
                  <span className="block text-xs text-slate-500">Customers enter and leave as their data changes; refreshed every hour and on demand.</span>
                </span>
              </label>
              <label className="mt-1 flex items-start gap-2">
                <input type="radio" name="kind" className="mt-1" checked={kind === "STATIC"} onChange={() => setKind("STATIC")} />
                <span>
                  Static
                  <span className="block text-xs text-slate-500">A frozen list of the customers who match when you save.</span>
                </span>
              </label>
            </fieldset>
            {saveError ? (
              <p role="alert" className="text-sm text-red-700">
                {saveError}
              </p>
            ) : null}
            <Button type="submit" disabled={saving} className="w-full">
              {saving ? "Saving…" : initial ? "Save changes" : "Save segment"}
            </Button>
          </form>
        </div>
      </div>
    </BuilderContext.Provider>
  );
}
